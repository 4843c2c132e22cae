package io.resultstore.dataset;

import static java.util.Objects.requireNonNull;

import io.resultstore.common.Threads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes uploads nobody turned into a dataset within {@code files.upload_ttl}; their blobs go through the
 * catalog's deletion queue like every other blob. Safe on any number of replicas: removal is conditional.
 */
public final class UploadSweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UploadSweeper.class);
    private static final int BATCH = 500;

    private final UploadService uploads;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Threads.daemon("upload-sweeper"));

    public UploadSweeper(UploadService uploads, Duration interval) {
        this.uploads = requireNonNull(uploads, "uploads is null");
        this.interval = requireNonNull(interval, "interval is null");
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::sweepOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int sweepOnce() {
        try {
            int removed = uploads.sweepExpired(BATCH);
            if (removed > 0) {
                log.info("removed {} expired uploads", removed);
            }
            return removed;
        } catch (RuntimeException e) {
            log.warn("upload sweep failed: {}", e.toString());
            return 0;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
