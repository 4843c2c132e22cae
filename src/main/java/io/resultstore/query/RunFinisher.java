package io.resultstore.query;

import static java.util.Objects.requireNonNull;

import io.resultstore.common.Threads;
import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import io.resultstore.run.QueryRunRepository;
import io.resultstore.run.RunCompletion;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes how a run ended. A completion lost to a catalog outage would leave the run {@code running} for as long
 * as this server heartbeats (no sweeper ends a live server's runs), so it is retried in the background, never
 * holding up the caller's answer, until the catalog answers or this server stops; after that the stale sweeper
 * of another replica ends the run.
 */
final class RunFinisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunFinisher.class);
    private static final long FIRST_RETRY_MS = 100;
    private static final long MAX_RETRY_MS = 5_000;

    private final QueryRunRepository runs;
    // Its own thread: a retry waits for a catalog connection, which must not delay statement timeouts.
    private final ScheduledExecutorService retries =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("run-finish-retry"));

    RunFinisher(QueryRunRepository runs) {
        this.runs = requireNonNull(runs, "runs is null");
    }

    /** False only when the run had already ended (a cancel came first). */
    boolean finish(String runId, RunCompletion completion) {
        return finish(runId, completion, FIRST_RETRY_MS);
    }

    private boolean finish(String runId, RunCompletion completion, long retryInMs) {
        try {
            return runs.complete(runId, completion);
        } catch (RuntimeException e) {
            if (e instanceof ApiException api && api.code() == ErrorCode.UNAVAILABLE) {
                log.warn("query run {} could not be completed as {}, retrying in {} ms: {}", runId,
                        completion.status(), retryInMs, e.getMessage());
                retryLater(runId, completion, retryInMs);
            } else {
                log.error("query run {} could not be completed as {}: {}", runId, completion.status(), e.toString());
            }
            return true;
        }
    }

    private void retryLater(String runId, RunCompletion completion, long inMs) {
        long next = Math.min(inMs * 2, MAX_RETRY_MS);
        try {
            retries.schedule(() -> finish(runId, completion, next), inMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            log.error("query run {} left running: the server stopped before the catalog came back", runId);
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
