package io.resultstore.result;

import io.resultstore.observe.SweepMetrics;
import static java.util.Objects.requireNonNull;

import io.resultstore.common.Threads;
import io.resultstore.catalog.Catalog;
import io.resultstore.engine.QueryEngine;
import io.resultstore.storage.BlobDeletionQueue.PendingDeletion;
import io.resultstore.storage.BlobStorage;
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
 * The background housekeeping of one server: heartbeat, failing work whose owner died, retention, and
 * queued blob deletions. Every step is a conditional catalog update or a claim, so any number of replicas
 * can sweep at once without doing the same thing twice. Each pass catches and logs its own failures so one
 * bad pass never stops the schedule.
 */
public final class Sweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);
    static final String ORPHANED = "the server writing this result stopped before it finished";
    static final String RUN_ORPHANED = "the server running this query stopped before it finished";
    private static final int BATCH = 100;

    private final Catalog catalog;
    private final BlobStorage storage;
    private final QueryEngine engine;
    private final Clock clock;
    private final String owner;
    private final Duration staleAfter;
    private final Duration interval;
    private final Duration deleteGrace;
    // The heartbeat has a thread of its own: a long sweep pass must never make this server look dead.
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, Threads.daemon("sweeper"));
    private final SweepMetrics metrics;
    private volatile Instant lastBeat = Instant.MIN;
    private volatile Instant trustedSince = Instant.MIN;

    public Sweeper(Catalog catalog, BlobStorage storage, QueryEngine engine, Clock clock, String owner,
            Duration staleAfter, Duration interval, Duration deleteGrace, SweepMetrics metrics) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.owner = requireNonNull(owner, "owner is null");
        this.staleAfter = requireNonNull(staleAfter, "staleAfter is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.deleteGrace = requireNonNull(deleteGrace, "deleteGrace is null");
    }

    public void start() {
        long heartbeatMs = Math.max(50, Math.min(interval.toMillis(), staleAfter.toMillis() / 3));
        scheduler.scheduleWithFixedDelay(() -> guarded("heartbeat", this::heartbeat), heartbeatMs, heartbeatMs,
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> guarded("sweep", this::sweepOnce), interval.toMillis(),
                interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Renews this server's lease on its work. A beat that fails, or succeeds only long after the previous one,
     * means this server lost the catalog for a while, and so did the other replicas' heartbeats most likely:
     * their staleness says nothing until they had {@code staleAfter} to beat again.
     */
    public void heartbeat() {
        Instant now = clock.instant();
        try {
            catalog.heartbeat(owner, now);
        } catch (RuntimeException e) {
            lastBeat = Instant.MIN;
            trustedSince = Instant.MAX;
            throw e;
        }
        Instant previous = lastBeat;
        lastBeat = now;
        if (trustedSince.equals(Instant.MAX)
                || (!previous.equals(Instant.MIN) && Duration.between(previous, now).compareTo(staleAfter.dividedBy(2)) > 0)) {
            trustedSince = clock.instant().plus(staleAfter);
            log.info("heartbeat resumed after a gap; failing other servers' work waits until {}", trustedSince);
        }
    }

    /** One full pass; public so that startup and tests can run it directly. */
    public void sweepOnce() {
        failOrphans();
        expireResults();
        deleteQueuedBlobs();
    }

    /** Fails the work of owners that stopped heartbeating; returns how many results and runs this call failed. */
    public int failOrphans() {
        // After a catalog outage longer than staleAfter our own heartbeat is stale too: renew it first so that
        // this sweeper never fails the work of its own live writers.
        heartbeat();
        Instant now = clock.instant();
        if (now.isBefore(trustedSince)) {
            return 0;
        }
        Instant liveSince = now.minus(staleAfter);
        int results = catalog.results().failOrphaned(ORPHANED, now, liveSince);
        int runs = catalog.runs().failOrphaned(RUN_ORPHANED, now, liveSince);
        if (results + runs > 0) {
            log.warn("failed {} orphaned results and {} orphaned query runs", results, runs);
            metrics.staleFailed(results + runs);
        }
        return results + runs;
    }

    public void expireResults() {
        Instant now = clock.instant();
        List<String> expired = catalog.results().expired(now, BATCH);
        for (String id : expired) {
            catalog.results().tombstone(id, ResultStatus.EXPIRED, now, now.plus(deleteGrace)).ifPresent(r -> {
                engine.hideResult(id);
                log.info("result {} expired", id);
                metrics.expired();
            });
        }
    }

    public void deleteQueuedBlobs() {
        Instant now = clock.instant();
        List<PendingDeletion> due = catalog.deletions().claimDue(now, now.plus(Duration.ofMinutes(5)), BATCH);
        for (PendingDeletion d : due) {
            try {
                storage.delete(d.storageKey());
                catalog.deletions().done(d.id());
                metrics.fileDeleted();
            } catch (Exception e) {
                Duration backoff = Duration.ofSeconds(Math.min(3600, 1L << Math.min(d.attempts(), 12)));
                log.warn("blob {} deletion failed (attempt {}), retrying in {} s: {}", d.storageKey(), d.attempts(),
                        backoff.toSeconds(), e.toString());
                catalog.deletions().retryLater(d.id(), String.valueOf(e.getMessage()), now.plus(backoff));
                metrics.fileDeletionRetried();
            }
        }
    }

    private static void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("{} pass failed: {}", what, e.toString());
        }
    }

    @Override
    public void close() {
        Threads.stop(scheduler, 5);
    }
}
