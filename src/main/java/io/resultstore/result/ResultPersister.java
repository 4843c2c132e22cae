package io.resultstore.result;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.resultstore.observe.PersistenceMetrics;
import io.resultstore.observe.Tracing;
import io.resultstore.engine.Column;
import static java.util.Objects.requireNonNull;

import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import io.resultstore.engine.ResultTooLargeException;
import io.resultstore.common.Threads;
import io.resultstore.engine.StagedResults;
import io.resultstore.storage.BlobStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes staged results to blob storage in the background: Parquet to a local staging file, published
 * atomically under the result's key, then {@code processing → ready}. Any failure moves the result to
 * {@code failed} with the stage named in its message, and leaves no staged file behind. Submitting never
 * blocks: jobs queue for one of {@code concurrency} writer threads.
 */
public final class ResultPersister implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResultPersister.class);
    private static final long INITIAL_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;
    static final String SHUTTING_DOWN = "server shutting down";
    /** How long writers still running when the grace ended get to notice and clean up. */
    static final Duration AFTER_GRACE = Duration.ofSeconds(10);

    private final ResultRepository results;
    private final BlobStorage storage;
    private final StagedResults staged;
    private final Path stagingDir;
    private final Clock clock;
    private final Duration retention;
    private final long maxBytes;
    private final ExecutorService writers;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final PersistenceMetrics metrics;
    private final Tracing tracing;
    /** Results handed over and not yet finished, and the subset a writer has started on. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Set<String> started = ConcurrentHashMap.newKeySet();

    public ResultPersister(ResultRepository results, BlobStorage storage, StagedResults staged, Path stagingDir,
            Clock clock, Duration retention, long maxBytes, int concurrency, PersistenceMetrics metrics,
            Tracing tracing) {
        this.tracing = requireNonNull(tracing, "tracing is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.results = requireNonNull(results, "results is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.staged = requireNonNull(staged, "staged is null");
        this.stagingDir = requireNonNull(stagingDir, "stagingDir is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.retention = requireNonNull(retention, "retention is null");
        this.maxBytes = maxBytes;
        this.writers = new ThreadPoolExecutor(concurrency, concurrency, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), Threads.daemon("result-writer"));
    }

    /**
     * Queues the write of a staged result with the {@code columns} its query reported. The write gets a span of
     * its own, a child of the span current here (the query's), so it shows in the trace of the request it answers.
     */
    public void submit(String resultId, List<Column> columns) {
        inFlight.incrementAndGet();
        pending.add(resultId);
        Context parent = Context.current();
        try {
            writers.execute(() -> {
                started.add(resultId);
                Span span = tracing.tracer().spanBuilder("result persist").setParent(parent)
                        .setAttribute(Tracing.RESULT_ID, resultId).startSpan();
                try (Scope ignored = span.makeCurrent()) {
                    persist(resultId, columns);
                } catch (RuntimeException e) {
                    Tracing.failed(span, e);
                    log.error("result {} writer crashed", resultId, e);
                } finally {
                    span.end();
                    started.remove(resultId);
                    pending.remove(resultId);
                    inFlight.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            // Handed over after the drain began: the row must not stay processing.
            pending.remove(resultId);
            inFlight.decrementAndGet();
            staged.dropStaged(resultId);
            failOnce(resultId, SHUTTING_DOWN);
        }
    }

    /** Results queued or being written right now. */
    public int inFlight() {
        return inFlight.get();
    }

    void persist(String resultId, List<Column> columns) {
        long start = System.nanoTime();
        Path file = stagingDir.resolve(resultId + ".parquet");
        String key = Result.storageKeyFor(resultId);
        String stage = "write";
        try {
            tracing.inChildSpan(() -> "engine write_parquet", () -> {
                staged.writeParquet(resultId, columns, file, maxBytes);
                return null;
            });
            long size = Files.size(file);
            if (maxBytes > 0 && size > maxBytes) {
                fail(resultId, "result is " + size + " bytes, larger than the limit of " + maxBytes
                        + " bytes (results.max_bytes)");
                return;
            }
            stage = "publish";
            long bytes = storage.publish(file, key);
            stage = "catalog";
            Instant now = clock.instant();
            if (untilCatalogAnswers(resultId, () -> results.markReady(resultId, key, bytes, now, expiry(now)))) {
                log.info("result {} ready in {} ms ({} bytes)", resultId, (System.nanoTime() - start) / 1_000_000, bytes);
                metrics.written(start, bytes);
            } else {
                // Deleted or failed meanwhile: the file must not outlive its catalog row.
                log.info("result {} was no longer processing when its file was ready; removing the file", resultId);
                storage.delete(key);
            }
        } catch (ResultTooLargeException e) {
            log.info("result {} refused: {}", resultId, e.getMessage());
            metrics.failed(start);
            removeStaged(resultId, file);
            fail(resultId, e.getMessage());
        } catch (Exception e) {
            log.warn("result {} failed at {}: {}", resultId, stage, e.toString());
            metrics.failed(start);
            if (stage.equals("catalog")) {
                deleteQuietly(key);
            }
            // Before the catalog update: on a full disk the partial file may be what keeps the catalog from writing.
            removeStaged(resultId, file);
            fail(resultId, "persistence failed at " + stage + ": " + messageOf(e));
        } finally {
            removeStaged(resultId, file);
        }
    }

    private static void removeStaged(String resultId, Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("result {} staging file {} could not be removed: {}", resultId, file, e.getMessage());
        }
    }

    private void fail(String resultId, String message) {
        Span.current().setStatus(StatusCode.ERROR, message);
        try {
            Instant now = clock.instant();
            untilCatalogAnswers(resultId, () -> results.markFailed(resultId, message, now, expiry(now)));
        } catch (RuntimeException e) {
            // The sweeper fails it once this server's heartbeat is stale or at the next start.
            log.error("result {} could not be marked failed: {}", resultId, e.toString());
        }
    }

    /**
     * The final update of a finished write is worth waiting for: giving up would lose a complete result to a
     * catalog outage. Retries with backoff while the catalog is unreachable, until it answers or this writer
     * is interrupted by shutdown.
     */
    private static boolean untilCatalogAnswers(String resultId, BooleanSupplier update) {
        long backoffMs = INITIAL_BACKOFF_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                return update.getAsBoolean();
            } catch (ApiException e) {
                if (e.code() != ErrorCode.UNAVAILABLE || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                log.warn("result {} catalog update failed (attempt {}), retrying in {} ms: {}", resultId, attempt,
                        backoffMs, e.getMessage());
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
            }
        }
    }

    /** When a result finished at {@code now} is due for deletion under {@code results.retention}; empty = never. */
    public Optional<Instant> expiry(Instant now) {
        return retention.isZero() ? Optional.empty() : Optional.of(now.plus(retention));
    }

    private void deleteQuietly(String key) {
        try {
            storage.delete(key);
        } catch (IOException | RuntimeException e) {
            log.warn("blob {} could not be removed after a failed catalog update: {}", key, e.toString());
        }
    }

    private static String messageOf(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void close() {
        drain(Duration.ofSeconds(30));
    }

    /**
     * Stops taking writes and lets the queued and running ones finish for up to {@code grace}. What is left then
     * is marked {@code failed} ("server shutting down") so nothing stays {@code processing}; a writer still running
     * loses the race for its row and removes its own file, and gets {@link #AFTER_GRACE} more to do so.
     */
    public void drain(Duration grace) {
        writers.shutdown();
        try {
            if (writers.awaitTermination(Math.max(0, grace.toMillis()), TimeUnit.MILLISECONDS)) {
                return;
            }
            List<String> left = List.copyOf(pending);
            log.warn("{} results were not written within the shutdown grace of {} ms; marking them failed",
                    left.size(), grace.toMillis());
            left.forEach(id -> failOnce(id, SHUTTING_DOWN));
            writers.shutdownNow();
            // Queued results free their engine tables here; a running writer frees its own when it ends.
            left.stream().filter(id -> !started.contains(id)).forEach(staged::dropStaged);
            if (!writers.awaitTermination(AFTER_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("result writers still running {} ms after the shutdown grace", AFTER_GRACE.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writers.shutdownNow();
        }
    }

    /** One attempt, no retries: at shutdown a dead catalog must not hold the process; the sweeper fails it later. */
    private void failOnce(String resultId, String message) {
        try {
            Instant now = clock.instant();
            results.markFailed(resultId, message, now, expiry(now));
        } catch (RuntimeException e) {
            log.warn("result {} could not be marked failed at shutdown: {}", resultId, e.toString());
        }
    }
}
