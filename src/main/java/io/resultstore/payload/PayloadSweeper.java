package io.resultstore.payload;

import static java.util.Objects.requireNonNull;

import io.resultstore.common.Threads;
import io.resultstore.payload.PayloadRepository.Removed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Payload GC: turns expired payloads into tombstones, deletes their blobs, and later forgets old tombstones and
 * idempotency keys. Rows are claimed by a conditional update ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL), so
 * replicas sweeping at once never collect the same payload twice; blobs a pass fails to delete stay queued.
 */
public final class PayloadSweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PayloadSweeper.class);
    static final int BATCH = 500;
    private static final int MAX_BATCHES_PER_PASS = 20;
    /** Refs of removed payloads answer 410 this long, then 404. */
    static final Duration TOMBSTONE_RETENTION = Duration.ofDays(30);

    private final PayloadRepository repository;
    private final PayloadStore store;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(Threads.daemon("payload-gc"));

    public PayloadSweeper(PayloadRepository repository, PayloadStore store, Clock clock, Duration interval) {
        this.repository = requireNonNull(repository, "repository is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.interval = requireNonNull(interval, "interval is null");
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::guardedSweep, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void guardedSweep() {
        try {
            sweepOnce();
        } catch (RuntimeException e) {
            log.warn("payload gc pass failed: {}", e.toString());
        }
    }

    /** One pass; public so that tests can run it directly. Returns how many payloads it collected. */
    public int sweepOnce() {
        Instant now = clock.instant();
        int count = 0;
        long bytes = 0;
        int blobs = 0;
        for (int i = 0; i < MAX_BATCHES_PER_PASS; i++) {
            Removed batch = repository.collectExpired(now, BATCH);
            count += batch.count();
            bytes += batch.bytes();
            store.deleteBlobs(batch.blobKeys());
            blobs += batch.blobKeys().size();
            if (batch.count() < BATCH) {
                break;
            }
        }
        repository.recordGcRun(now, new Removed(count, bytes, List.of()));
        int purged = repository.purge(now.minus(TOMBSTONE_RETENTION), now.minus(PayloadService.IDEMPOTENCY_WINDOW), 10_000);
        if (count > 0 || purged > 0) {
            log.info("payload gc collected {} expired payloads ({} bytes, {} blobs), purged {} old records", count,
                    bytes, blobs, purged);
        }
        return count;
    }

    @Override
    public void close() {
        Threads.stop(scheduler, 5);
    }
}
