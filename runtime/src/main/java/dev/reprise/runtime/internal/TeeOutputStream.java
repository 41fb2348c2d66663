package dev.reprise.runtime.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Captures guest output and forwards it to an optional second stream. */
public final class TeeOutputStream extends OutputStream {
    private final ByteArrayOutputStream capture;
    private final OutputStream forward;

    public TeeOutputStream(ByteArrayOutputStream capture, OutputStream forward) {
        this.capture = capture;
        this.forward = forward;
    }

    @Override
    public void write(int b) throws IOException {
        capture.write(b);
        if (forward != null) {
            forward.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        capture.write(b, off, len);
        if (forward != null) {
            forward.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        if (forward != null) {
            forward.flush();
        }
    }
}
