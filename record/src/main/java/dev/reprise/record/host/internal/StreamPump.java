package dev.reprise.record.host.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Copies a child process's output stream to a sink on its own thread, keeping the last characters. */
public final class StreamPump {
    private final Thread thread;
    private final byte[] tail;
    private int tailSize;
    private boolean wrapped;

    private StreamPump(InputStream in, OutputStream sink, int tailBytes) {
        this.tail = new byte[Math.max(0, tailBytes)];
        this.thread = new Thread(() -> pump(in, sink), "reprise-stream-pump");
        this.thread.setDaemon(true);
    }

    /** Starts copying {@code in} to {@code sink} (null: dropped), keeping its last {@code tailBytes} bytes. */
    public static StreamPump start(InputStream in, OutputStream sink, int tailBytes) {
        StreamPump p = new StreamPump(in, sink, tailBytes);
        p.thread.start();
        return p;
    }

    private void pump(InputStream in, OutputStream sink) {
        byte[] buf = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buf)) > 0; ) {
                if (sink != null) {
                    sink.write(buf, 0, n);
                    sink.flush();
                }
                keep(buf, n);
            }
        } catch (IOException ignored) {
            // the process ended or the sink closed: nothing more to copy
        }
    }

    private synchronized void keep(byte[] buf, int n) {
        for (int i = 0; i < n && tail.length > 0; i++) {
            tail[tailSize] = buf[i];
            tailSize = (tailSize + 1) % tail.length;
            wrapped |= tailSize == 0;
        }
    }

    /** Waits until the stream ended. */
    public void join() throws IOException {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading a child process's output", e);
        }
    }

    /** The last bytes read, as text. */
    public synchronized String tail() {
        if (!wrapped) {
            return new String(tail, 0, tailSize, StandardCharsets.UTF_8);
        }
        byte[] ordered = new byte[tail.length];
        System.arraycopy(tail, tailSize, ordered, 0, tail.length - tailSize);
        System.arraycopy(tail, 0, ordered, tail.length - tailSize, tailSize);
        return new String(ordered, StandardCharsets.UTF_8);
    }
}
