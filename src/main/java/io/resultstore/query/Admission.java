package io.resultstore.query;

import static java.util.Objects.requireNonNull;

import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Decides whether a statement may run on this replica now. At most {@code maxConcurrent} statements run at once;
 * the next ones wait up to {@code queueTimeout} for a slot and are then refused with 503 and a
 * {@code Retry-After}. A statement longer than {@code maxSqlBytes} (UTF-8) is refused with 413. While the
 * background writers hold {@code maxBacklog} results or more, new statements are refused with 503 too: their
 * results would only lengthen a queue that lives in engine memory and spill space, and answering a result id
 * whose file may never come would be dishonest. Nothing already admitted is ever dropped.
 */
public final class Admission {
    private final Semaphore slots;
    private final int maxConcurrent;
    private final Duration queueTimeout;
    private final long maxSqlBytes;
    private final int maxBacklog;
    private final IntSupplier backlog;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong refusedBusy = new AtomicLong();
    private final AtomicLong refusedBacklog = new AtomicLong();
    private final AtomicLong refusedTooLarge = new AtomicLong();

    /** {@code backlog} answers how many results the writers hold (queued or being written). */
    public Admission(int maxConcurrent, Duration queueTimeout, long maxSqlBytes, int maxBacklog, IntSupplier backlog) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1");
        }
        this.maxConcurrent = maxConcurrent;
        this.slots = new Semaphore(maxConcurrent, true);
        this.queueTimeout = requireNonNull(queueTimeout, "queueTimeout is null");
        this.maxSqlBytes = maxSqlBytes;
        this.maxBacklog = maxBacklog;
        this.backlog = requireNonNull(backlog, "backlog is null");
    }

    /** Admits {@code sql} or throws; the caller must close the permit once the statement stopped running. */
    public Permit admit(String sql) {
        // Every char is at least one UTF-8 byte: a long string needs no encoding to be refused.
        long bytes = sql.length() > maxSqlBytes ? sql.length() : utf8Length(sql);
        if (bytes > maxSqlBytes) {
            refusedTooLarge.incrementAndGet();
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "SQL text is larger than the limit of " + maxSqlBytes + " bytes (query.max_sql_bytes)");
        }
        if (backlog.getAsInt() >= maxBacklog) {
            refusedBacklog.incrementAndGet();
            throw ApiException.unavailable("server is busy writing earlier results (" + maxBacklog
                    + " or more waiting, persistence.max_backlog), retry later", retryAfterSeconds());
        }
        waiting.incrementAndGet();
        boolean acquired;
        try {
            acquired = slots.tryAcquire(queueTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("server is shutting down", retryAfterSeconds());
        } finally {
            waiting.decrementAndGet();
        }
        if (!acquired) {
            refusedBusy.incrementAndGet();
            throw ApiException.unavailable("server is busy: " + maxConcurrent
                    + " statements are running (query.max_concurrent) and none ended within "
                    + QueryService.describe(queueTimeout) + " (query.queue_timeout), retry later", retryAfterSeconds());
        }
        return new Permit(slots);
    }

    /** A whole number of seconds, at least one: how long a refused caller should wait before trying again. */
    private long retryAfterSeconds() {
        return Math.max(1, (queueTimeout.toMillis() + 999) / 1000);
    }

    private static long utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Statements running now under admission. */
    public int running() {
        return maxConcurrent - slots.availablePermits();
    }

    /** Statements waiting for a slot now. */
    public int waiting() {
        return waiting.get();
    }

    /** Statements refused because every slot stayed taken for {@code query.queue_timeout}. */
    public long refusedBusy() {
        return refusedBusy.get();
    }

    /** Statements refused because the writers' backlog was full. */
    public long refusedBacklog() {
        return refusedBacklog.get();
    }

    /** Statements refused for their size. */
    public long refusedTooLarge() {
        return refusedTooLarge.get();
    }

    /** Results the writers hold now (queued or being written). */
    public int backlog() {
        return backlog.getAsInt();
    }

    /** One running statement's slot; closing it more than once releases it once. */
    public static final class Permit implements AutoCloseable {
        private final Semaphore slots;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(Semaphore slots) {
            this.slots = slots;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                slots.release();
            }
        }
    }
}
