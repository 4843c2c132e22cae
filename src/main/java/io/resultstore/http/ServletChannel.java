package io.resultstore.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * A response body that takes NIO buffers as they are. Arrow's writer hands over each column buffer as a
 * direct {@link ByteBuffer} over engine memory; through {@code Channels.newChannel} every byte of it was
 * first copied into a heap array and then again into Jetty's aggregation buffer. Jetty writes a large
 * buffer straight to the socket, so those two copies go. Closing flushes only: the response is Javalin's
 * to close.
 */
final class ServletChannel extends OutputStream implements WritableByteChannel {
    private final HttpOutput out;

    ServletChannel(HttpOutput out) {
        this.out = out;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        out.write(src);
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
