package dev.reprise.runtime.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The baton's log of a run recorded outside reprise's runtime, one thread at a time (a module
 * with a shared memory recorded under node in several realms): who took the baton when, how
 * each waiter's wait ended, how many waiters each notify woke. Given as the decision source of a
 * run, it puts the {@link Scheduler} in hand-off mode: the scheduler chooses nothing and follows
 * the log ({@link Scheduler#idle}, {@link Scheduler#awaitEndOfLog}).
 *
 * <pre>
 * text form:  r0.0 r1.0 t0 n1.1 r0.2     thread 0 resumes (arrived); thread 1 resumes; thread 0's
 *                                        wait timed out; thread 1's notify woke 1; thread 0
 *                                        resumes from its wait (2: timed out)
 * </pre>
 */
public final class BatonLog implements DecisionSource {
    /** What an entry says. */
    public enum Kind {
        /** Thread {@code tid} takes the baton; {@code value}: 0 arrived or notified, 2 its wait timed out. */
        RESUME('r'),
        /** The wait of thread {@code tid} timed out ({@code value} 0). */
        TIMED_OUT('t'),
        /** A notify by thread {@code tid} woke {@code value} waiters. */
        NOTIFIED('n');

        private final char letter;

        Kind(char letter) {
            this.letter = letter;
        }
    }

    /** One entry of the log. */
    public record Entry(Kind kind, int tid, int value) {
        /** Checks the fields. */
        public Entry {
            Objects.requireNonNull(kind, "kind");
            if (tid < 0 || value < 0 || kind == Kind.RESUME && value != 0 && value != 2) {
                throw new IllegalArgumentException("baton log entry " + kind + " thread " + tid + " value " + value);
            }
        }

        @Override
        public String toString() {
            return kind == Kind.TIMED_OUT ? kind.letter + Integer.toString(tid) : kind.letter + (tid + "." + value);
        }
    }

    private final List<Entry> entries;
    private final java.util.function.Consumer<Entry> followed;

    /** A log of these entries. */
    public BatonLog(List<Entry> entries) {
        this(entries, e -> { });
    }

    private BatonLog(List<Entry> entries, java.util.function.Consumer<Entry> followed) {
        this.entries = List.copyOf(entries);
        this.followed = followed;
    }

    /**
     * This log, telling {@code listener} each entry as the scheduler follows it, from the thread
     * that holds the baton, where a recorder of the run writes it ({@code reprise verify}).
     */
    public BatonLog following(java.util.function.Consumer<Entry> listener) {
        return new BatonLog(entries, Objects.requireNonNull(listener, "listener"));
    }

    /** The scheduler followed {@code e}. */
    void followed(Entry e) {
        followed.accept(e);
    }

    /** The entries. */
    public List<Entry> entries() {
        return entries;
    }

    /** Parses the text form (entries separated by spaces or commas); throws {@link IllegalArgumentException} naming the entry. */
    public static BatonLog parse(String text) {
        List<Entry> out = new ArrayList<>();
        String[] parts = text.strip().split("[ ,]+");
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                continue;
            }
            try {
                Kind kind = switch (p.charAt(0)) {
                    case 'r' -> Kind.RESUME;
                    case 't' -> Kind.TIMED_OUT;
                    case 'n' -> Kind.NOTIFIED;
                    default -> throw new IllegalArgumentException("unknown kind '" + p.charAt(0) + "'");
                };
                int dot = p.indexOf('.');
                int tid = Integer.parseInt(dot < 0 ? p.substring(1) : p.substring(1, dot));
                int value = dot < 0 ? 0 : Integer.parseInt(p.substring(dot + 1));
                out.add(new Entry(kind, tid, value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("baton log entry " + i + " '" + p + "': " + e.getMessage(), e);
            }
        }
        return new BatonLog(out);
    }

    /** The text form. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(sb.length() == 0 ? "" : " ").append(e);
        }
        return sb.toString();
    }

    /** A fingerprint of the entries (FNV-1a over the text form), which a replay checks it runs under. */
    public long fingerprint() {
        long h = 0xcbf29ce484222325L;
        for (char c : toString().toCharArray()) {
            h = (h ^ c) * 0x100000001b3L;
        }
        return h;
    }

    /** Never asked: a scheduler given a baton log follows it instead of choosing. */
    @Override
    public int choose(DecisionKind kind, int optionCount) {
        throw new ScheduleDivergedException(0, "a run that follows a baton log reached a " + kind
                + " decision of reprise's own scheduler");
    }
}
