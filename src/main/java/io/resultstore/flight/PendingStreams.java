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
 * ends: the run (possibly still running), the rows the engine streams, and its result once opened. A ticket is
 * claimed by one {@code DoGet} only. One nobody claims within {@link #UNREAD_TTL} of the query's end, or of its rows
 * beginning to wait for a reader, is closed, so an abandoned ticket neither holds the engine's snapshot nor stops
 * the statement. The persisted result stays readable by id ({@code results."rslt…"}) either way.
 */
final class PendingStreams implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PendingStreams.class);
    static final Duration UNREAD_TTL = Duration.ofMinutes(1);

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService expiry =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("flight-ticket-expiry"));

    /** A query behind a ticket: its run, the rows the engine streams, and its result once it ends. */
    static final class Pending {
        private final String runId;
        private final CompletableFuture<OpenedResult> result;
        private final StreamedRows rows;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private volatile long readableAtNanos;
        private final AtomicBoolean readable = new AtomicBoolean();

        Pending(String runId, CompletableFuture<OpenedResult> result, StreamedRows rows) {
            this.runId = runId;
            this.result = result;
            this.rows = rows;
            // From then on a reader is what the query waits for: an unread ticket expires.
            result.whenComplete((r, e) -> becameReadable());
            rows.waitingForReader().whenComplete((r, e) -> becameReadable());
        }

        private void becameReadable() {
            if (readable.compareAndSet(false, true)) {
                readableAtNanos = System.nanoTime();
            }
        }

        String runId() {
            return runId;
        }

        CompletableFuture<OpenedResult> result() {
            return result;
        }

        StreamedRows rows() {
            return rows;
        }

        boolean claimed() {
            return claimed.get();
        }

        /**
         * Nobody will read the rows: frees those waiting (the statement runs on into its stored result alone) and
         * closes the result once the query ends (now, if it has).
         */
        void abandon() {
            rows.close();
            result.thenAccept(OpenedResult::close);
        }
    }

    PendingStreams() {
        expiry.scheduleWithFixedDelay(this::expire, 10, 10, TimeUnit.SECONDS);
    }

    /** Keeps the query until its ticket is claimed; answers the ticket's handle. */
    String put(String runId, CompletableFuture<OpenedResult> result, StreamedRows rows) {
        String handle = UUID.randomUUID().toString();
        pending.put(handle, new Pending(runId, result, rows));
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
            if (p.readable.get() && !p.claimed() && now - p.readableAtNanos - UNREAD_TTL.toNanos() > 0
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
