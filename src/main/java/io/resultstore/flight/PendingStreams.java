package io.resultstore.flight;

import io.resultstore.common.Threads;
import io.resultstore.engine.ArrowStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finished queries' results waiting for their {@code DoGet}, by ticket. Each is read at most once; one nobody
 * reads within {@link #UNREAD_TTL} is closed, so an abandoned ticket does not hold the engine's snapshot. The
 * persisted result stays readable by id ({@code results."rslt…"}) either way.
 */
final class PendingStreams implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PendingStreams.class);
    static final Duration UNREAD_TTL = Duration.ofMinutes(1);

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService expiry =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("flight-ticket-expiry"));

    record Pending(String runId, ArrowStream stream, long expiresAtNanos) {}

    PendingStreams() {
        expiry.scheduleWithFixedDelay(this::expire, 10, 10, TimeUnit.SECONDS);
    }

    /** Keeps {@code stream} until read; answers its ticket handle. */
    String put(String runId, ArrowStream stream) {
        String handle = UUID.randomUUID().toString();
        pending.put(handle, new Pending(runId, stream, System.nanoTime() + UNREAD_TTL.toNanos()));
        return handle;
    }

    /** The stream of {@code handle}, handed over once: the caller closes it. */
    Optional<Pending> take(String handle) {
        return Optional.ofNullable(pending.remove(handle));
    }

    /** Drops an unread stream; false when there was none (read, expired or unknown). */
    boolean discard(String handle) {
        return take(handle).map(p -> {
            p.stream().close();
            return true;
        }).orElse(false);
    }

    private void expire() {
        long now = System.nanoTime();
        pending.forEach((handle, p) -> {
            if (now - p.expiresAtNanos() > 0 && pending.remove(handle, p)) {
                log.info("query run {}: result stream not read within {}; closed", p.runId(), UNREAD_TTL);
                p.stream().close();
            }
        });
    }

    @Override
    public void close() {
        expiry.shutdownNow();
        pending.keySet().forEach(this::discard);
    }
}
