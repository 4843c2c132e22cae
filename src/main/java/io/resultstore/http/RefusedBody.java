package io.resultstore.http;

import io.javalin.http.Context;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Reads and discards what is left of a request body the server refused, so that a client still sending it gets
 * the answer. A client without {@code Expect: 100-continue} reads the answer only after it sent its whole body;
 * answering and closing while its bytes are still unread makes the socket reset, and the client sees a broken
 * connection instead of the 413 (what nginx's lingering close is for). The discarding is bounded: at most
 * {@link #MAX_BYTES}, at most {@link #MAX_TIME_NANOS} in all, and it stops as soon as the client pauses for
 * {@link #STALL_NANOS} (e.g. a {@code Content-Length} larger than what it sends). Past those bounds the answer goes
 * out and the connection closes.
 */
final class RefusedBody {
    static final long MAX_BYTES = 256L << 20;
    static final long MAX_TIME_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private RefusedBody() {}

    static void discard(Context ctx) {
        if ("100-continue".equalsIgnoreCase(ctx.header("Expect"))) {
            return; // the client waits for our answer before it sends the body: nothing to discard
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BYTES) {
            return;
        }
        try {
            ServletInputStream in = ctx.req().getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long start = System.nanoTime();
            long lastProgress = start;
            long read = 0;
            while (read <= MAX_BYTES) {
                long now = System.nanoTime();
                if (now - start > MAX_TIME_NANOS || now - lastProgress > STALL_NANOS) {
                    return;
                }
                // Only what already arrived: a blocking read would wait for bytes a lying client never sends.
                int available = in.available();
                if (available <= 0) {
                    if (in.isFinished()) {
                        return;
                    }
                    Thread.sleep(1);
                    continue;
                }
                int n = in.read(buffer, 0, Math.min(buffer.length, available));
                if (n < 0) {
                    return;
                }
                read += n;
                lastProgress = now;
                if (read == declared) {
                    return;
                }
            }
        } catch (IOException | IllegalStateException e) {
            // The body broke or was already read as a reader: nothing more to discard.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
