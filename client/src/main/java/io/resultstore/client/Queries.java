package io.resultstore.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** {@code POST /query}, and the wait for a query the server answered with 202. */
public final class Queries {
    private final Transport transport;
    private final Runs runs;
    private final Results results;

    Queries(Transport transport, Runs runs, Results results) {
        this.transport = requireNonNull(transport, "transport is null");
        this.runs = requireNonNull(runs, "runs is null");
        this.results = requireNonNull(results, "results is null");
    }

    /** Sends the query once: the rows when it finished within the wait timeout, otherwise the run to poll. */
    public Submission submit(QueryRequest request) {
        ObjectNode body = Transport.JSON.createObjectNode().put("sql", request.sql());
        request.waitTimeout().ifPresent(t -> body.put("wait_timeout_ms", t.toMillis()));
        request.maxInlineRows().ifPresent(n -> body.put("max_inline_rows", n));
        HttpResponse<byte[]> response = transport.send(transport.jsonRequest("/query", "POST", body));
        if (response.statusCode() == 202) {
            return new Submission.Running(Transport.parse(response.body(), ObjectNode.class).path("query_run_id").asText());
        }
        return new Submission.Finished(Transport.parse(response.body(), QueryAnswer.class));
    }

    /** Runs the query with the server's defaults and waits up to {@code timeout} for it. */
    public QueryAnswer execute(String sql, Duration timeout) {
        return execute(QueryRequest.of(sql), timeout, WaitListener.NONE);
    }

    /**
     * Runs the query and waits up to {@code timeout} for the rows. A query still running when the server answers
     * 202 is polled until it ends; its rows are then read from the result it produced (the first
     * {@code maxInlineRows}, or the server's default page), so the answer looks the same either way.
     */
    public QueryAnswer execute(QueryRequest request, Duration timeout, WaitListener listener) {
        long start = System.nanoTime();
        Submission submission = submit(request);
        if (submission instanceof Submission.Finished finished) {
            return finished.answer();
        }
        QueryRun run = runs.await(submission.queryRunId(), timeout, listener);
        switch (run.status()) {
            case "succeeded" -> { }
            case "canceled" -> throw new ResultStoreException("QUERY_CANCELED", 0,
                    run.errorMessage().orElse("query run " + run.id() + " was canceled"));
            default -> throw new ResultStoreException("QUERY_FAILED", 0,
                    run.errorMessage().orElse("query run " + run.id() + " failed"));
        }
        if (run.resultId().isEmpty()) {
            return new QueryAnswer(run.id(), Optional.empty(), null, null, null, run.rowCount().orElse(0L), false,
                    run.executionTimeMs().orElse(0L), Optional.of("the run kept no result, so its rows cannot be read"));
        }
        Duration left = timeout.minusNanos(System.nanoTime() - start);
        ResultPage page = results.awaitReady(run.resultId().get(), left.isNegative() ? Duration.ZERO : left, listener,
                request.maxInlineRows());
        return new QueryAnswer(run.id(), run.resultId(), page.columns(), page.nullable(), page.rows(), page.rowCount(),
                page.hasMore(), run.executionTimeMs().orElse(0L), Optional.empty());
    }
}
