package dev.reprise.record.trace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: reads just enough of a wasm binary (types, imports, functions, tables, memories,
 * globals, exports) to build a {@link MapSignatureLookup}. The real lookup comes from the wasm module.
 */
final class MiniWasmSignatures {
    private final byte[] b;
    private int p;

    private MiniWasmSignatures(byte[] b) {
        this.b = b;
    }

    static MapSignatureLookup read(byte[] wasm) {
        return new MiniWasmSignatures(wasm).parse();
    }

    private long u() {
        long v = 0;
        int shift = 0;
        while (true) {
            int x = b[p++];
            v |= (long) (x & 0x7f) << shift;
            shift += 7;
            if (x >= 0) {
                return v;
            }
        }
    }

    private String name() {
        int n = (int) u();
        String s = new String(b, p, n, StandardCharsets.UTF_8);
        p += n;
        return s;
    }

    private ValType valType() {
        int c = b[p++] & 0xff;
        ValType t = ValType.ofCode(c);
        if (t == null) {
            throw new IllegalStateException("value type 0x" + Integer.toHexString(c));
        }
        return t;
    }

    private long limitsMin() {
        int flags = b[p++] & 0xff;
        long min = u();
        if ((flags & 1) != 0) {
            u();
        }
        return min;
    }

    private void skipConstExpr() {
        while (true) {
            int op = b[p++] & 0xff;
            switch (op) {
                case 0x0b:
                    return;
                case 0x41:
                case 0x42:
                case 0x23:
                case 0xd2:
                    u();
                    break;
                case 0x43:
                    p += 4;
                    break;
                case 0x44:
                    p += 8;
                    break;
                case 0xd0:
                    p++;
                    break;
                default:
                    // extended-const arithmetic has no immediates
            }
        }
    }

    private MapSignatureLookup parse() {
        MapSignatureLookup.Builder out = MapSignatureLookup.builder();
        List<List<List<ValType>>> types = new ArrayList<>();
        List<Integer> funcTypes = new ArrayList<>();
        List<String[]> funcImports = new ArrayList<>();
        List<String> funcExports = new ArrayList<>();
        int globals = 0;
        int memories = 0;
        int tables = 0;
        p = 8;
        while (p < b.length) {
            int id = b[p++];
            int size = (int) u();
            int end = p + size;
            switch (id) {
                case 1:
                    for (long n = u(); n > 0; n--) {
                        p++; // 0x60
                        List<ValType> params = new ArrayList<>();
                        for (long k = u(); k > 0; k--) {
                            params.add(valType());
                        }
                        List<ValType> results = new ArrayList<>();
                        for (long k = u(); k > 0; k--) {
                            results.add(valType());
                        }
                        types.add(List.of(params, results));
                    }
                    break;
                case 2:
                    for (long n = u(); n > 0; n--) {
                        String module = name();
                        String field = name();
                        int kind = b[p++];
                        if (kind == 0) {
                            funcTypes.add((int) u());
                            funcImports.add(new String[] {module, field});
                        } else if (kind == 1) {
                            p++;
                            out.table(tables++, limitsMin());
                        } else if (kind == 2) {
                            out.memory(memories++, limitsMin());
                        } else if (kind == 3) {
                            out.global(globals++, valType());
                            p++;
                        } else {
                            p++;
                            u();
                        }
                    }
                    break;
                case 3:
                    for (long n = u(); n > 0; n--) {
                        funcTypes.add((int) u());
                    }
                    break;
                case 4:
                    for (long n = u(); n > 0; n--) {
                        p++;
                        out.table(tables++, limitsMin());
                    }
                    break;
                case 5:
                    for (long n = u(); n > 0; n--) {
                        out.memory(memories++, limitsMin());
                    }
                    break;
                case 6:
                    for (long n = u(); n > 0; n--) {
                        out.global(globals++, valType());
                        p++;
                        skipConstExpr();
                    }
                    break;
                case 7:
                    for (long n = u(); n > 0; n--) {
                        String field = name();
                        int kind = b[p++];
                        int idx = (int) u();
                        if (kind == 0) {
                            while (funcExports.size() <= idx) {
                                funcExports.add("");
                            }
                            if (funcExports.get(idx).isEmpty()) {
                                funcExports.set(idx, field);
                            }
                        }
                    }
                    break;
                default:
                    break;
            }
            p = end;
        }
        for (int i = 0; i < funcTypes.size(); i++) {
            List<List<ValType>> t = types.get(funcTypes.get(i));
            String[] imp = i < funcImports.size() ? funcImports.get(i) : new String[] {"", ""};
            String exp = i < funcExports.size() ? funcExports.get(i) : "";
            out.function(i, t.get(0), t.get(1), imp[0], imp[1], exp);
        }
        return out.build();
    }
}
