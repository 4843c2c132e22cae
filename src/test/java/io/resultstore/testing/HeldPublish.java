package io.resultstore.testing;

import io.resultstore.storage.BlobStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Real storage whose publishes wait until the test releases them, so a result can be observed while it is
 * still {@code processing}: {@code TestServer.builder(dir).wrapStorage(held::wrap)}, then
 * {@link #awaitPublishing()}, act, {@link #release()}. A publish never waits longer than a minute, so a
 * failing test does not hang the suite.
 */
public final class HeldPublish {
    private final CountDownLatch publishing = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    public BlobStorage wrap(BlobStorage real) {
        return new ForwardingStorage(real) {
            @Override
            public long publish(Path localFile, String key) throws IOException {
                publishing.countDown();
                try {
                    released.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.publish(localFile, key);
            }
        };
    }

    /** Blocks until a writer has reached its publish. */
    public void awaitPublishing() throws InterruptedException {
        if (!publishing.await(1, TimeUnit.MINUTES)) {
            throw new AssertionError("no result reached its publish within a minute");
        }
    }

    public void release() {
        released.countDown();
    }
}
