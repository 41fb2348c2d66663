package dev.reprise.record.trace.internal;

import dev.reprise.record.trace.BadTraceException;
import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.StartOptions;
import dev.reprise.record.trace.TraceHeader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Binary encoding of a {@link TraceHeader} (the bytes between the header length and the first event). */
public final class HeaderCodec {
    private HeaderCodec() {
    }

    /** Writes the header fields (not the version, which precedes the header). */
    public static void write(ByteSink out, TraceHeader h) {
        byte[] sha = h.moduleSha256();
        out.u8(sha.length);
        out.bytes(sha, 0, sha.length);
        out.string(h.recorder().id());
        writeStrings(out, h.features());
        StartOptions s = h.start();
        writeStrings(out, s.args());
        writeMap(out, s.env());
        out.i64le(s.seed());
        writeMap(out, s.options());
        writeMap(out, h.metadata());
    }

    private static void writeStrings(ByteSink out, List<String> list) {
        out.u32(list.size());
        for (String s : list) {
            out.string(s);
        }
    }

    private static void writeMap(ByteSink out, Map<String, String> map) {
        out.u32(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            out.string(e.getKey());
            out.string(e.getValue());
        }
    }

    /** Reads header fields written by {@link #write}, for a trace of format {@code version}. */
    public static TraceHeader read(ByteSource in, int version) {
        long start = in.offset();
        int shaLen = in.u8();
        if (shaLen != 0 && shaLen != 32) {
            throw BadTraceException.atOffset("module digest of " + shaLen + " bytes (expected 0 or 32)", start);
        }
        byte[] sha = in.bytes(shaLen);
        long at = in.offset();
        String rec = in.string(BinaryFormat.MAX_STRING);
        RecorderKind recorder = RecorderKind.ofId(rec);
        if (recorder == null) {
            throw BadTraceException.atOffset("unknown recorder '" + rec + "'", at);
        }
        List<String> features = readStrings(in);
        List<String> args = readStrings(in);
        Map<String, String> env = readMap(in);
        long seed = in.i64le();
        Map<String, String> options = readMap(in);
        Map<String, String> metadata = readMap(in);
        return new TraceHeader(version, sha, recorder, features, new StartOptions(args, env, seed, options), metadata);
    }

    private static int count(ByteSource in) {
        long at = in.offset();
        int n = in.u32();
        if (n < 0 || n > BinaryFormat.MAX_VALUES) {
            throw BadTraceException.atOffset("list of " + Integer.toUnsignedString(n) + " entries over the limit", at);
        }
        return n;
    }

    private static List<String> readStrings(ByteSource in) {
        int n = count(in);
        List<String> out = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            out.add(in.string(BinaryFormat.MAX_STRING));
        }
        return out;
    }

    private static Map<String, String> readMap(ByteSource in) {
        int n = count(in);
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            long at = in.offset();
            String k = in.string(BinaryFormat.MAX_STRING);
            if (out.put(k, in.string(BinaryFormat.MAX_STRING)) != null) {
                throw BadTraceException.atOffset("duplicate key '" + k + "'", at);
            }
        }
        return out;
    }
}
