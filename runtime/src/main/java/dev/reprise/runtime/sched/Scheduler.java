package dev.reprise.runtime.sched;

import dev.reprise.runtime.VirtualClock;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The cooperative scheduler. Every guest thread runs on its own Java thread, but only the
 * thread holding the baton ({@link #current}) executes guest code; the baton passes under one
 * lock (strict handoff, which also gives happens-before for guest memory). A thread gives the
 * baton away only at a switch point: {@link #yieldNow}, {@link #preempt}, {@link #sleepUntil},
 * {@link #futexWait}, {@link #spawn} and thread exit. Every choice comes from the
 * {@link DecisionSource}, with options ordered as documented there; the list of decisions of
 * the run is available from {@link #decisions()}.
 *
 * <p>Given a {@link BatonLog} as its decision source, the scheduler is in hand-off mode: it
 * chooses nothing and hands the baton on as the log of a run recorded outside reprise's runtime
 * says, at the switch points such a run has: a thread waits ({@link #futexWait}), goes idle
 * between two calls of the host ({@link #idle}), ends, or, the main thread, awaits the end of the
 * log ({@link #awaitEndOfLog}). A notify wakes as many waiters as the log says, first come first;
 * a thread the log names first starts then ({@link #realmThreads}). A run that departs from the
 * log stops with a {@link ScheduleDivergedException} naming the entry.
 *
 * <p>Virtual time moves only when no thread is runnable: the clock jumps to the earliest timed
 * sleeper, which wakes (futex waiters with a timeout return 2). With no runnable thread and no
 * timed sleeper the run stops with a {@link DeadlockException} listing every thread's state.
 */
public final class Scheduler {
    private static final long STACK_SIZE = 64L << 20;
    private static final int MAX_THREADS = 4096;
    private static final ThreadLocal<GuestThread> SELF = new ThreadLocal<>();
    private static final ThreadMXBean THREAD_CPU = ManagementFactory.getThreadMXBean();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final RecordingDecisions decisions;
    private final VirtualClock clock;
    private final List<GuestThread> threads = new ArrayList<>();
    private final ArrayDeque<GuestThread> runQueue = new ArrayDeque<>();
    private GuestThread current;
    private boolean stopped;
    private Throwable stopCause;
    private long waitSequence;
    private Consumer<String> log;
    /** Hand-off mode: the baton's log the run follows, else null. */
    private final List<BatonLog.Entry> batonLog;
    /** Hand-off mode: the log's source, told each entry as it is followed. */
    private final BatonLog batonLogSource;
    /** Hand-off mode: the next entry of {@link #log}. */
    private int logNext;
    /** Hand-off mode: what a thread the log starts runs, given its tid. */
    private java.util.function.IntConsumer realmBody;
    /** CPU time of the guest Java threads that have ended; -1 once one could not tell. */
    private final AtomicLong endedThreadsCpuNanos = new AtomicLong();

    /**
     * The id of the guest thread running on the calling Java thread (0 for the main thread), for
     * host functions that need to know which guest thread called them (recorders); 0 outside a
     * run.
     */
    public static int currentThreadId() {
        GuestThread self = SELF.get();
        return self == null ? 0 : self.tid();
    }

    public Scheduler(DecisionSource source, VirtualClock clock) {
        this.decisions = source instanceof RecordingDecisions r ? r : new RecordingDecisions(source);
        this.clock = clock;
        this.batonLogSource = RecordingDecisions.unwrap(source) instanceof BatonLog b ? b : null;
        this.batonLog = batonLogSource == null ? null : batonLogSource.entries();
    }

    /** Whether the scheduler follows a {@link BatonLog} (hand-off mode). */
    public boolean followsLog() {
        return batonLog != null;
    }

    /**
     * Hand-off mode: a thread (tid >= 1) the log names before it exists starts then, running
     * {@code body} with its tid (threads start in tid order: a later one first named starts the
     * ones before it, idle).
     */
    public void realmThreads(java.util.function.IntConsumer body) {
        this.realmBody = body;
    }

    /**
     * Hand-off mode: the caller, between two calls of the host, gives the baton on as the log says
     * and returns when the log resumes it (a switch point).
     */
    public void idle() {
        lock.lock();
        try {
            GuestThread me = checkCurrent();
            requireLog("idle");
            me.state = ThreadState.IDLE;
            followLog(me);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hand-off mode: the main thread made its last call; returns once the log has ended (the other
     * threads run their part of it first).
     */
    public void awaitEndOfLog() {
        lock.lock();
        try {
            GuestThread me = checkCurrent();
            requireLog("awaitEndOfLog");
            if (logNext == batonLog.size()) {
                return;
            }
            if (me.tid() != 0) {
                throw new ScheduleDivergedException(logNext, "thread " + me.tid() + " awaits the end of the baton log;"
                        + " only the main thread does");
            }
            me.state = ThreadState.ENDING;
            followLog(me);
        } finally {
            lock.unlock();
        }
    }

    private void requireLog(String what) {
        if (batonLog == null) {
            throw new ScheduleDivergedException(decisionCount(), what + " is a switch point of a run that follows a"
                    + " baton log, and this run has none");
        }
    }

    /** Under the lock, hand-off mode: hands the baton to the thread the log resumes next and parks {@code me} until it holds it again. */
    private void followLog(GuestThread me) {
        GuestThread next = nextByLog(me);
        if (next != me) {
            handOff(next);
            awaitBaton(me);
        } else {
            me.state = ThreadState.RUNNING;
        }
    }

    /** Under the lock, hand-off mode: the thread the log resumes next ({@code me} gave the baton up). */
    private GuestThread nextByLog(GuestThread me) {
        applyLoggedTimeouts();
        if (logNext == batonLog.size()) {
            GuestThread main = threads.get(0);
            if (main.state == ThreadState.ENDING) {
                return main;
            }
            throw new ScheduleDivergedException(logNext, "the recorded baton log ends where thread " + me.tid()
                    + " gives the baton up, but the main thread has not made its last call:" + describeLocked());
        }
        BatonLog.Entry e = batonLog.get(logNext);
        if (e.kind() != BatonLog.Kind.RESUME) {
            throw new ScheduleDivergedException(logNext, "thread " + me.tid() + " gives the baton up here, but the"
                    + " recorded baton log has '" + e + "' next");
        }
        GuestThread t = realmThread(e.tid());
        boolean ready = t.state == ThreadState.IDLE ? e.value() == 0
                : t.state == ThreadState.RUNNABLE && t.wakeResult == e.value();
        if (!ready) {
            throw new ScheduleDivergedException(logNext, "the recorded baton log resumes thread " + t.tid()
                    + (e.value() == 2 ? " from a wait that timed out" : "") + ", which is " + t.describe(clock.startNanos()));
        }
        batonLogSource.followed(e);
        logNext++;
        note("log: thread " + t.tid() + " resumes");
        return t;
    }

    /** Under the lock, hand-off mode: thread {@code tid}, started (idle) with those before it if it does not exist yet. */
    private GuestThread realmThread(int tid) {
        while (threads.size() <= tid) {
            if (realmBody == null || threads.size() >= MAX_THREADS) {
                throw new ScheduleDivergedException(logNext, "the recorded baton log names thread " + tid
                        + ", which this run cannot start");
            }
            int n = threads.size();
            GuestThread t = new GuestThread(n, "realm");
            t.baton = lock.newCondition();
            t.state = ThreadState.IDLE;
            threads.add(t);
            note("log: thread " + n + " starts");
            java.util.function.IntConsumer body = realmBody;
            startJavaThread(t, () -> body.accept(n));
        }
        return threads.get(tid);
    }

    /** Under the lock, hand-off mode: the log's timed-out waits at its current entry give up waiting. */
    private void applyLoggedTimeouts() {
        while (logNext < batonLog.size() && batonLog.get(logNext).kind() == BatonLog.Kind.TIMED_OUT) {
            int tid = batonLog.get(logNext).tid();
            GuestThread t = tid < threads.size() ? threads.get(tid) : null;
            if (t == null || t.state != ThreadState.WAITING) {
                throw new ScheduleDivergedException(logNext, "the recorded baton log times out a wait of thread " + tid
                        + ", which is " + (t == null ? "not started" : t.describe(clock.startNanos())));
            }
            t.state = ThreadState.RUNNABLE;
            t.wakeResult = 2;
            t.waitMemory = null;
            batonLogSource.followed(batonLog.get(logNext));
            logNext++;
            note("log: thread " + tid + "'s wait timed out");
        }
    }

    /** Sends host diagnostics (spawns, switches, wakes, time jumps, the end) to {@code sink}; null for none. */
    public void log(Consumer<String> sink) {
        this.log = sink;
    }

    private void note(String message) {
        if (log != null) {
            log.accept("[sched d=" + decisionCount() + " t=" + clock.elapsedNanos() + "ns] " + message);
        }
    }

    /** The decisions taken so far, in order. */
    public List<Decision> decisions() {
        return decisions.decisions();
    }

    /** The decision source the run was given (unwrapped from the recording of its decisions). */
    public DecisionSource source() {
        return decisions.delegate();
    }

    /** The virtual clock this scheduler advances. */
    public VirtualClock clock() {
        return clock;
    }

    /** Starts the main thread (tid 0) running {@code body}; it holds the baton first. */
    public void startMain(String name, Runnable body) {
        lock.lock();
        try {
            if (!threads.isEmpty()) {
                throw new IllegalStateException("the main thread was already started");
            }
            GuestThread main = new GuestThread(0, name);
            main.baton = lock.newCondition();
            threads.add(main);
            main.state = ThreadState.RUNNING;
            current = main;
            if (batonLog != null && !batonLog.isEmpty() && batonLog.get(0).equals(new BatonLog.Entry(BatonLog.Kind.RESUME, 0, 0))) {
                logNext = 1; // the main thread takes the baton first, for its instance (its start function runs then)
                batonLogSource.followed(batonLog.get(0));
            }
            startJavaThread(main, body);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Spawns a thread running {@code body} (given the new tid) as a switch point: the spawner
     * stays first in the options and the new thread joins the back of the run queue. Returns
     * the tid, or -1 if the thread limit is reached.
     */
    public int spawn(String name, java.util.function.IntConsumer body) {
        lock.lock();
        try {
            GuestThread me = checkCurrent();
            if (threads.size() >= MAX_THREADS) {
                return -1;
            }
            GuestThread t = new GuestThread(threads.size(), name);
            t.baton = lock.newCondition();
            threads.add(t);
            runQueue.addLast(t);
            note("thread " + me.tid() + " spawns thread " + t.tid());
            startJavaThread(t, () -> body.accept(t.tid()));
            List<GuestThread> options = new ArrayList<>();
            options.add(me);
            options.addAll(runQueue);
            me.state = ThreadState.RUNNABLE;
            dispatch(me, options);
            return t.tid();
        } finally {
            lock.unlock();
        }
    }

    /** {@code sched_yield}: the caller goes to the back of the run queue (a switch point). */
    public void yieldNow() {
        lock.lock();
        try {
            GuestThread me = checkCurrent();
            wakeDue();
            List<GuestThread> options = new ArrayList<>(runQueue);
            options.add(me);
            me.state = ThreadState.RUNNABLE;
            dispatch(me, options);
        } finally {
            lock.unlock();
        }
    }

    /** Makes runnable every sleeper whose deadline the clock has reached, in (deadline, tid) order. */
    private void wakeDue() {
        long now = clock.monotonicNanos();
        List<GuestThread> due = new ArrayList<>();
        for (GuestThread t : threads) {
            if ((t.state == ThreadState.SLEEPING || t.state == ThreadState.WAITING) && t.deadline <= now) {
                due.add(t);
            }
        }
        due.sort(Comparator.comparingLong((GuestThread t) -> t.deadline).thenComparingInt(GuestThread::tid));
        for (GuestThread t : due) {
            wake(t, t.state == ThreadState.WAITING ? 2 : 0);
        }
    }

    /** A preemption point reached after an instruction budget; same as {@link #yieldNow}. */
    public void preempt() {
        yieldNow();
    }

    /**
     * A preemption point that also lets {@code stepNanos} of virtual time pass (the optional
     * fixed step per instruction quantum); sleepers whose deadline passed become runnable
     * first.
     */
    public void preempt(long stepNanos) {
        lock.lock();
        try {
            checkCurrent();
            clock.advanceBy(stepNanos);
        } finally {
            lock.unlock();
        }
        yieldNow();
    }

    /** Sleeps until the monotonic clock reads {@code deadline} (a switch point). */
    public void sleepUntil(long monotonicDeadline) {
        lock.lock();
        try {
            GuestThread me = checkCurrent();
            if (monotonicDeadline <= clock.monotonicNanos()) {
                List<GuestThread> options = new ArrayList<>(runQueue);
                options.add(me);
                me.state = ThreadState.RUNNABLE;
                dispatch(me, options);
                return;
            }
            me.state = ThreadState.SLEEPING;
            me.deadline = monotonicDeadline;
            me.since = decisionCount();
            dispatch(me, new ArrayList<>(runQueue));
        } finally {
            lock.unlock();
        }
    }

    /**
     * A futex wait on {@code address} of {@code memory}: returns 1 at once if
     * {@code stillExpected} is false, otherwise blocks until notified (0) or until
     * {@code timeoutNanos} of virtual time passed (2). A negative timeout waits forever.
     */
    public int futexWait(Object memory, long address, BooleanSupplier stillExpected, long timeoutNanos) {
        lock.lock();
        try {
            GuestThread me = checkCurrent();
            if (!stillExpected.getAsBoolean()) {
                return 1;
            }
            if (timeoutNanos == 0) {
                return 2;
            }
            note("thread " + me.tid() + " waits on 0x" + Long.toHexString(address)
                    + (timeoutNanos < 0 ? "" : " for " + timeoutNanos + "ns"));
            if (batonLog != null) {
                me.state = ThreadState.WAITING;
                me.waitMemory = memory;
                me.waitAddress = address;
                me.waitOrder = waitSequence++;
                me.since = logNext;
                me.wakeResult = 0;
                followLog(me);
                return me.wakeResult;
            }
            me.state = ThreadState.WAITING;
            me.waitMemory = memory;
            me.waitAddress = address;
            me.waitOrder = waitSequence++;
            me.since = decisionCount();
            me.deadline = timeoutNanos < 0 ? GuestThread.NO_DEADLINE
                    : VirtualClock.saturatingAdd(clock.monotonicNanos(), timeoutNanos);
            me.wakeResult = 0;
            dispatch(me, new ArrayList<>(runQueue));
            return me.wakeResult;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Wakes up to {@code count} (unsigned; -1 means all) waiters on {@code address}; returns
     * how many woke. When not all waiters wake, each woken one is a WAKE_WAITER decision over
     * the remaining waiters in arrival order. Not a switch point.
     */
    public int futexNotify(Object memory, long address, int count) {
        lock.lock();
        try {
            checkCurrent();
            List<GuestThread> waiters = new ArrayList<>();
            for (GuestThread t : threads) {
                if (t.state == ThreadState.WAITING && t.waitMemory == memory && t.waitAddress == address) {
                    waiters.add(t);
                }
            }
            waiters.sort(Comparator.comparingLong(t -> t.waitOrder));
            long limit = Integer.toUnsignedLong(count);
            int k = (int) Math.min(limit, waiters.size());
            if (batonLog != null) {
                return notifyByLog(address, waiters, k);
            }
            boolean all = k == waiters.size();
            for (int i = 0; i < k; i++) {
                int pick = !all && waiters.size() >= 2 ? choose(DecisionKind.WAKE_WAITER, tids(waiters)) : 0;
                wake(waiters.remove(pick), 0);
            }
            return k;
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock, hand-off mode: the notify of the current thread wakes the first {@code k} waiters, as the log says. */
    private int notifyByLog(long address, List<GuestThread> waiters, int k) {
        applyLoggedTimeouts();
        waiters.removeIf(t -> t.state != ThreadState.WAITING);
        k = Math.min(k, waiters.size());
        BatonLog.Entry e = logNext < batonLog.size() ? batonLog.get(logNext) : null;
        if (e == null || e.kind() != BatonLog.Kind.NOTIFIED || e.tid() != current.tid() || e.value() != k) {
            throw new ScheduleDivergedException(logNext, "thread " + current.tid() + "'s notify on 0x"
                    + Long.toHexString(address) + " wakes " + k
                    + " waiters here, but the recorded baton log has " + (e == null ? "ended" : "'" + e + "'") + " next");
        }
        batonLogSource.followed(e);
        logNext++;
        for (int i = 0; i < k; i++) {
            GuestThread t = waiters.get(i);
            t.state = ThreadState.RUNNABLE;
            t.wakeResult = 0;
            t.waitMemory = null;
            note("thread " + t.tid() + " wakes");
        }
        return k;
    }

    /** An explicit choice among {@code n} values ({@code model_checker_select}); not a switch point. */
    public int select(int n) {
        lock.lock();
        try {
            checkCurrent();
            if (n <= 1) {
                return 0;
            }
            int[] values = new int[n];
            for (int i = 0; i < n; i++) {
                values[i] = i;
            }
            return choose(DecisionKind.SELECT, values);
        } finally {
            lock.unlock();
        }
    }

    /** Blocks the caller for good (e.g. a read on a stdin that never delivers). */
    public void blockForever(String reason) {
        lock.lock();
        try {
            GuestThread me = checkCurrent();
            me.state = ThreadState.BLOCKED;
            me.reason = reason;
            me.since = decisionCount();
            dispatch(me, new ArrayList<>(runQueue));
            throw new IllegalStateException("a thread blocked forever was resumed");
        } finally {
            lock.unlock();
        }
    }

    /** Ends the run with {@code cause} (null: normal completion); parked threads unwind. */
    public void stop(Throwable cause) {
        lock.lock();
        try {
            if (!stopped) {
                stopped = true;
                stopCause = cause;
                note("run ends: " + (cause == null ? "_start returned" : cause.getClass().getSimpleName() + ": "
                        + cause.getMessage()));
                wakeEveryone();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the run has stopped and every guest Java thread has ended; returns the cause. */
    public Throwable awaitEnd() {
        lock.lock();
        try {
            while (!stopped) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        for (Thread t : javaThreads()) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return stopCause;
    }

    /**
     * The CPU time, in nanoseconds, that the guest's Java threads used (the guest code, its host
     * calls and the scheduler's hand-offs; not the JIT's or the collector's threads), summed over
     * every thread; complete once {@link #awaitEnd} has returned. -1 when the JVM cannot measure
     * a thread's CPU time.
     */
    public long guestCpuNanos() {
        return endedThreadsCpuNanos.get();
    }

    /** True once the run has stopped. */
    public boolean isStopped() {
        lock.lock();
        try {
            return stopped;
        } finally {
            lock.unlock();
        }
    }

    /** One line per thread, as in a deadlock report. */
    public String describeThreads() {
        lock.lock();
        try {
            StringBuilder sb = new StringBuilder();
            for (GuestThread t : threads) {
                sb.append("\n  ").append(t.describe(clock.startNanos()));
            }
            return sb.toString();
        } finally {
            lock.unlock();
        }
    }

    /** The tid of the calling guest thread. */
    public int currentTid() {
        GuestThread me = SELF.get();
        if (me == null) {
            throw new IllegalStateException("not called from a guest thread");
        }
        return me.tid();
    }

    private List<Thread> javaThreads() {
        lock.lock();
        try {
            List<Thread> list = new ArrayList<>();
            for (GuestThread t : threads) {
                if (t.javaThread != null && t.javaThread != Thread.currentThread()) {
                    list.add(t.javaThread);
                }
            }
            return list;
        } finally {
            lock.unlock();
        }
    }

    private void startJavaThread(GuestThread gt, Runnable body) {
        Thread t = new Thread(null, () -> runGuest(gt, body), "reprise-guest-" + gt.tid(), STACK_SIZE);
        t.setDaemon(true);
        gt.javaThread = t;
        t.start();
    }

    private void runGuest(GuestThread gt, Runnable body) {
        SELF.set(gt);
        try {
            runGuestBody(gt, body);
        } finally {
            // a Java thread's CPU clock starts at zero: its reading now is all it used
            long used = THREAD_CPU.isCurrentThreadCpuTimeSupported() ? THREAD_CPU.getCurrentThreadCpuTime() : -1;
            endedThreadsCpuNanos.accumulateAndGet(used, (sum, add) -> sum < 0 || add < 0 ? -1 : sum + add);
        }
    }

    private void runGuestBody(GuestThread gt, Runnable body) {
        try {
            lock.lock();
            try {
                awaitBaton(gt);
            } finally {
                lock.unlock();
            }
            body.run();
            if (gt.tid() == 0) {
                stop(null);
            } else {
                exitCurrent(gt);
            }
        } catch (ThreadTerminated e) {
            // the run ended elsewhere
        } catch (Throwable e) {
            stop(e);
        }
    }

    private void exitCurrent(GuestThread me) {
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            me.state = ThreadState.EXITED;
            note("thread " + me.tid() + " exits");
            if (batonLog != null) {
                handOff(nextByLog(me));
                return;
            }
            List<GuestThread> options = new ArrayList<>(runQueue);
            GuestThread next = options.isEmpty() ? wakeSleepers() : pick(options);
            if (next != null) {
                handOff(next);
            }
        } finally {
            lock.unlock();
        }
    }

    private GuestThread checkCurrent() {
        GuestThread me = SELF.get();
        if (me == null || me != current) {
            throw new IllegalStateException("scheduler called from a thread that does not hold the baton");
        }
        if (stopped) {
            throw new ThreadTerminated("the run has ended");
        }
        return me;
    }

    /** Picks the next thread among {@code options} (or wakes sleepers), hands over, and parks {@code me}. */
    private void dispatch(GuestThread me, List<GuestThread> options) {
        if (batonLog != null) {
            throw new ScheduleDivergedException(logNext, "thread " + me.tid() + " reached a switch point of reprise's"
                    + " own scheduler (a yield, sleep, spawn or block), which a run that follows a baton log has not");
        }
        GuestThread next = options.isEmpty() ? wakeSleepers() : pick(options);
        if (next == null) {
            throw new ThreadTerminated("deadlock");
        }
        if (next != me) {
            handOff(next);
            awaitBaton(me);
        } else {
            me.state = ThreadState.RUNNING;
        }
    }

    private GuestThread pick(List<GuestThread> options) {
        int i = options.size() >= 2 ? choose(DecisionKind.NEXT_THREAD, tids(options)) : 0;
        GuestThread chosen = options.remove(i);
        runQueue.clear();
        runQueue.addAll(options);
        return chosen;
    }

    /** No thread is runnable: advance time to the earliest sleeper, or stop with a deadlock (null). */
    private GuestThread wakeSleepers() {
        long earliest = GuestThread.NO_DEADLINE;
        for (GuestThread t : threads) {
            if ((t.state == ThreadState.SLEEPING || t.state == ThreadState.WAITING) && t.deadline < earliest) {
                earliest = t.deadline;
            }
        }
        if (earliest == GuestThread.NO_DEADLINE) {
            DeadlockException d = new DeadlockException("deadlock: no runnable thread and no timed sleeper after "
                    + decisionCount() + " decisions at t=" + clock.elapsedNanos() + "ns" + describeLocked());
            stopped = true;
            stopCause = d;
            note(d.getMessage());
            wakeEveryone();
            return null;
        }
        clock.advanceTo(earliest);
        note("all threads blocked: virtual time jumps to the earliest sleeper");
        wakeDue();
        return pick(new ArrayList<>(runQueue));
    }

    private String describeLocked() {
        StringBuilder sb = new StringBuilder();
        for (GuestThread t : threads) {
            sb.append("\n  ").append(t.describe(clock.startNanos()));
        }
        return sb.toString();
    }

    private void wake(GuestThread t, int result) {
        note("thread " + t.tid() + " wakes" + (result == 2 ? " (timed out)" : ""));
        t.state = ThreadState.RUNNABLE;
        t.wakeResult = result;
        t.deadline = GuestThread.NO_DEADLINE;
        t.waitMemory = null;
        runQueue.addLast(t);
    }

    private static int[] tids(List<GuestThread> list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i).tid();
        }
        return out;
    }

    /**
     * Asks the decision source; a failure of the source itself (other than a diverged script)
     * aborts the run with {@link RunAbortedException}, which {@code Sandbox.run} rethrows.
     */
    private int choose(DecisionKind kind, int[] options) {
        int c;
        try {
            c = decisions.chooseAmong(kind, options);
        } catch (ScheduleDivergedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RunAbortedException(e);
        }
        if (c < 0 || c >= options.length) {
            throw new ScheduleDivergedException(decisionCount() - 1, "the decision source chose " + c + " for "
                    + kind + " with " + options.length + " options");
        }
        return c;
    }

    private int decisionCount() {
        return decisions.size();
    }

    /** Hands the baton to {@code next}, waking only that thread (not every parked one). */
    private void handOff(GuestThread next) {
        note("switch to thread " + next.tid());
        next.state = ThreadState.RUNNING;
        current = next;
        next.baton.signal();
    }

    /** The run stopped: every parked guest thread unwinds and {@link #awaitEnd} returns. */
    private void wakeEveryone() {
        for (GuestThread t : threads) {
            t.baton.signalAll();
        }
        changed.signalAll();
    }

    private void awaitBaton(GuestThread me) {
        while (current != me && !stopped) {
            me.baton.awaitUninterruptibly();
        }
        if (stopped) {
            throw new ThreadTerminated("the run has ended");
        }
    }
}
