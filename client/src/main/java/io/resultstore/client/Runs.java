package io.resultstore.client;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/** Query runs: {@code GET /query-runs}, {@code GET /query-runs/{id}}, {@code POST /query-runs/{id}/cancel}. */
public final class Runs {
    private final Transport transport;

    Runs(Transport transport) {
        this.transport = requireNonNull(transport, "transport is null");
    }

    /** One page, newest first; pass the previous page's {@code nextCursor} for the next. */
    public RunList list(Optional<String> cursor, int limit) {
        String query = "?limit=" + limit + cursor.map(c -> "&cursor=" + Transport.segment(c)).orElse("");
        return transport.read(transport.request("/query-runs" + query).GET(), RunList.class);
    }

    public QueryRun get(String runId) {
        return transport.read(transport.request("/query-runs/" + Transport.segment(runId)).GET(), QueryRun.class);
    }

    /** Stops a running query; a finished one is a {@code CONFLICT}. Answers the run's new status. */
    public String cancel(String runId) {
        return transport.readTree(transport.request("/query-runs/" + Transport.segment(runId) + "/cancel")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())).path("status").asText();
    }

    /** Polls the run until it is no longer {@code running}. */
    public QueryRun await(String runId, Duration timeout, WaitListener listener) {
        return Polling.until("query run " + runId, timeout, listener, () -> {
            QueryRun run = get(runId);
            return run.finished() ? Optional.of(run) : Optional.empty();
        });
    }
}
