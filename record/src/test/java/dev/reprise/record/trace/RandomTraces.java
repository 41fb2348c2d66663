package dev.reprise.record.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded generator of random headers and events covering every kind and edge value. */
final class RandomTraces {
    private static final long[] LONG_EDGES = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 53, (1L << 53) + 1,
        0xffff_ffffL, Integer.MIN_VALUE, Integer.MAX_VALUE};
    private static final long[] DOUBLE_EDGES = {0x7ff8_0000_0000_0000L, 0x7ff0_0000_0000_0001L,
        0xfff8_dead_beef_0001L, 0x7ff0_0000_0000_0000L, 0x8000_0000_0000_0000L, 1L, 0xffef_ffff_ffff_ffffL};
    private static final int[] FLOAT_EDGES = {0x7fc0_0000, 0x7f80_0001, 0xffc1_2345, 0x7f80_0000, 0x8000_0000, 1};

    private final SplittableRandom rnd;
    private final boolean small;
    private final List<String> names = new ArrayList<>();

    RandomTraces(long seed) {
        this(seed, false);
    }

    /** With {@code small}, no long strings or reads: for tests that try every byte. */
    RandomTraces(long seed, boolean small) {
        this.small = small;
        rnd = new SplittableRandom(seed);
        for (int i = 0; i < 12; i++) {
            names.add(string());
        }
    }

    String string() {
        int kind = rnd.nextInt(6);
        int len = kind == 0 ? 0 : kind == 1 && !small ? 300 + rnd.nextInt(3000) : 1 + rnd.nextInt(20);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            int c = rnd.nextInt(10);
            if (c == 0) {
                sb.append('\u00e9');
            } else if (c == 1) {
                sb.appendCodePoint(0x1f600 + rnd.nextInt(16));
            } else if (c == 2) {
                sb.append("\";\n,\\".charAt(rnd.nextInt(5)));
            } else {
                sb.append((char) ('a' + rnd.nextInt(26)));
            }
        }
        return sb.toString();
    }

    private String name() {
        return rnd.nextInt(8) == 0 ? string() : names.get(rnd.nextInt(names.size()));
    }

    private long anyLong() {
        return rnd.nextBoolean() ? LONG_EDGES[rnd.nextInt(LONG_EDGES.length)] : rnd.nextLong();
    }

    Value value() {
        switch (rnd.nextInt(8)) {
            case 0:
                return Value.i32((int) anyLong());
            case 1:
                return Value.i64(anyLong());
            case 2:
                return Value.f32Bits(rnd.nextBoolean() ? FLOAT_EDGES[rnd.nextInt(FLOAT_EDGES.length)] : rnd.nextInt());
            case 3:
                return Value.f64Bits(rnd.nextBoolean() ? DOUBLE_EDGES[rnd.nextInt(DOUBLE_EDGES.length)] : rnd.nextLong());
            case 4:
                return Value.v128(anyLong(), anyLong());
            case 5:
                return rnd.nextBoolean() ? Value.nullRef(ValType.FUNCREF) : Value.funcref(anyLong() & 0xffff_ffffL);
            case 6:
                return rnd.nextBoolean() ? Value.nullRef(ValType.EXTERNREF) : Value.externref(rnd.nextInt(1000));
            default:
                return Value.i32(rnd.nextInt(100));
        }
    }

    private List<Value> values() {
        int n = rnd.nextInt(20) == 0 && !small ? 20 + rnd.nextInt(100) : rnd.nextInt(4);
        List<Value> vs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            vs.add(value());
        }
        return vs;
    }

    private int tid() {
        return rnd.nextInt(3) == 0 ? rnd.nextInt(1, Integer.MAX_VALUE) : 0;
    }

    private int index() {
        return rnd.nextInt(4) == 0 ? (int) anyLong() : rnd.nextInt(50);
    }

    TraceEvent event() {
        int tid = tid();
        switch (rnd.nextInt(13)) {
            case 0:
                return new TraceEvent.ExportCall(tid, index(), name(), values());
            case 1:
                return new TraceEvent.ExportReturn(tid, index(), values());
            case 2:
                return new TraceEvent.ImportCall(tid, index(), name(), name(), values());
            case 3:
                return new TraceEvent.ImportReturn(tid, index(), values());
            case 4: {
                byte[] b = new byte[rnd.nextInt(10) == 0 && !small ? rnd.nextInt(5000) : 1 + rnd.nextInt(16)];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) rnd.nextInt();
                }
                long address = anyLong() & Long.MAX_VALUE;
                return rnd.nextBoolean() ? new TraceEvent.HostRead(tid, index(), address, b)
                        : new TraceEvent.HostWrite(tid, index(), address, b);
            }
            case 5:
                return new TraceEvent.MemoryGrow(tid, index(), anyLong());
            case 6:
                return new TraceEvent.TableGrow(tid, index(), anyLong());
            case 7: {
                Value v = rnd.nextBoolean() ? Value.funcref(rnd.nextInt(100)) : Value.nullRef(ValType.FUNCREF);
                return new TraceEvent.TableSet(tid, index(), anyLong(), v);
            }
            case 8:
                return new TraceEvent.GlobalChange(tid, index(), value());
            case 9:
                return new TraceEvent.ThreadSpawn(tid, rnd.nextInt(1, 1000), (int) anyLong());
            case 10: {
                int options = rnd.nextInt(1, 10);
                DecisionKind k = DecisionKind.values()[rnd.nextInt(DecisionKind.values().length)];
                return new TraceEvent.SchedulerDecision(tid, k, options, rnd.nextInt(options));
            }
            case 11: {
                byte[] sha = new byte[32];
                rnd.nextBytes(sha);
                return new TraceEvent.MemoryDigest(tid, index(), anyLong() & Long.MAX_VALUE, sha);
            }
            default: {
                byte[] sha = new byte[32];
                for (int i = 0; i < 32; i++) {
                    sha[i] = (byte) rnd.nextInt();
                }
                return new TraceEvent.OutputDigest(tid, rnd.nextInt(3), anyLong() & Long.MAX_VALUE, sha);
            }
        }
    }

    List<TraceEvent> events(int n) {
        List<TraceEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(event());
        }
        return out;
    }

    TraceHeader header() {
        byte[] sha = new byte[rnd.nextBoolean() ? 32 : 0];
        for (int i = 0; i < sha.length; i++) {
            sha[i] = (byte) rnd.nextInt();
        }
        RecorderKind rec = RecorderKind.values()[rnd.nextInt(RecorderKind.values().length)];
        List<String> features = new ArrayList<>();
        for (int i = rnd.nextInt(4); i > 0; i--) {
            features.add(string());
        }
        List<String> args = new ArrayList<>();
        for (int i = rnd.nextInt(4); i > 0; i--) {
            args.add(string());
        }
        return TraceHeader.of(sha, rec, features, new StartOptions(args, map(), anyLong(), map()), map());
    }

    private Map<String, String> map() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = rnd.nextInt(4); i > 0; i--) {
            m.put(string() + i, string());
        }
        return m;
    }
}
