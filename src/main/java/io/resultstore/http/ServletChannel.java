package io.resultstore.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * A response body that takes NIO buffers as they are. Arrow's writer hands over each column buffer as a
 * direct {@link ByteBuffer} over engine memory; through {@code Channels.newChannel} every byte of it was
 * first copied into a heap array and then again into Jetty's aggregation buffer. Jetty writes a buffer it
 * is given as one blocking write of its own, past its aggregation buffer, so only buffers at least that
 * large go so (the copies go for the bulk of the bytes); smaller ones (validity bitmaps, message headers)
 * are copied into the aggregation buffer as before, rather than each becoming a chunk and a system call.
 * Closing flushes only: the response is Javalin's to close.
 */
final class ServletChannel extends OutputStream implements WritableByteChannel {
    private final HttpOutput out;
    private final byte[] scratch = new byte[8 * 1024];

    ServletChannel(HttpOutput out) {
        this.out = out;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (n >= out.getBufferSize()) {
            out.write(src);
            src.position(src.limit());
        } else if (src.hasArray()) {
            out.write(src.array(), src.arrayOffset() + src.position(), n);
            src.position(src.limit());
        } else {
            while (src.hasRemaining()) {
                int k = Math.min(scratch.length, src.remaining());
                src.get(scratch, 0, k);
                out.write(scratch, 0, k);
            }
        }
        return n;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
