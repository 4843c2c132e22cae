package io.resultstore.flight;

import io.resultstore.common.Threads;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flight queries whose flight info was answered, by ticket, from {@code GetFlightInfo} until their {@code DoGet}
 * ends: the run (possibly still running) and its result once opened. A ticket is claimed by one {@code DoGet}
 * only. One nobody claims within {@link #UNREAD_TTL} of the query's end is closed, so an abandoned ticket does not
 * hold the engine's snapshot. The persisted result stays readable by id ({@code results."rslt…"}) either way.
 */
final class PendingStreams implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PendingStreams.class);
    static final Duration UNREAD_TTL = Duration.ofMinutes(1);

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService expiry =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("flight-ticket-expiry"));

    /** A query behind a ticket: its run and the result it opens when it ends. */
    static final class Pending {
        private final String runId;
        private final CompletableFuture<OpenedResult> result;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private volatile long endedAtNanos;
        private volatile boolean ended;

        Pending(String runId, CompletableFuture<OpenedResult> result) {
            this.runId = runId;
            this.result = result;
            result.whenComplete((r, e) -> {
                endedAtNanos = System.nanoTime();
                ended = true;
            });
        }

        String runId() {
            return runId;
        }

        CompletableFuture<OpenedResult> result() {
            return result;
        }

        boolean claimed() {
            return claimed.get();
        }

        /** Closes the result once the query ends (now, if it has): nobody will read it. */
        void abandon() {
            result.thenAccept(OpenedResult::close);
        }
    }

    PendingStreams() {
        expiry.scheduleWithFixedDelay(this::expire, 10, 10, TimeUnit.SECONDS);
    }

    /** Keeps the query until its ticket is claimed; answers the ticket's handle. */
    String put(String runId, CompletableFuture<OpenedResult> result) {
        String handle = UUID.randomUUID().toString();
        pending.put(handle, new Pending(runId, result));
        return handle;
    }

    /** The query of {@code handle} for its one reader, who calls {@link #done} when the stream ends. */
    Optional<Pending> claim(String handle) {
        Pending p = pending.get(handle);
        return p != null && p.claimed.compareAndSet(false, true) ? Optional.of(p) : Optional.empty();
    }

    /** Forgets a claimed ticket whose stream ended. */
    void done(String handle) {
        pending.remove(handle);
    }

    /** The query of {@code handle}, claimed or not, to cancel it. */
    Optional<Pending> find(String handle) {
        return Optional.ofNullable(pending.get(handle));
    }

    /** Drops an unclaimed ticket, closing its result once there is one; false when there was none to drop. */
    boolean discard(String handle) {
        Pending p = pending.get(handle);
        if (p == null || !p.claimed.compareAndSet(false, true)) {
            return false;
        }
        pending.remove(handle);
        p.abandon();
        return true;
    }

    private void expire() {
        long now = System.nanoTime();
        pending.forEach((handle, p) -> {
            if (p.ended && !p.claimed() && now - p.endedAtNanos - UNREAD_TTL.toNanos() > 0
                    && discard(handle)) {
                log.info("query run {}: result stream not read within {}; closed", p.runId, UNREAD_TTL);
            }
        });
    }

    @Override
    public void close() {
        expiry.shutdownNow();
        pending.keySet().forEach(this::discard);
    }
}
