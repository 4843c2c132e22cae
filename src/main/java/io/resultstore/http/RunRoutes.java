package io.resultstore.http;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.resultstore.common.Ids;
import io.resultstore.common.Times;
import io.resultstore.error.ApiException;
import io.resultstore.query.QueryService;
import io.resultstore.result.ResultRepository;
import io.resultstore.result.ResultStatus;
import io.resultstore.run.QueryRun;
import io.resultstore.run.QueryRunRepository;
import io.resultstore.run.RunCursor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code GET /query-runs}, {@code GET /query-runs/{id}}, {@code POST /query-runs/{id}/cancel}. */
final class RunRoutes {
    private final QueryRunRepository runs;
    private final ResultRepository results;
    private final QueryService queries;

    RunRoutes(QueryRunRepository runs, ResultRepository results, QueryService queries) {
        this.runs = requireNonNull(runs, "runs is null");
        this.results = requireNonNull(results, "results is null");
        this.queries = requireNonNull(queries, "queries is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/query-runs", this::list);
        routes.get("/query-runs/{id}", this::get);
        routes.post("/query-runs/{id}/cancel", this::cancel);
    }

    private void list(Context ctx) {
        int limit = JsonIo.clampedParam(ctx, "limit", 100, 1, 1000);
        Optional<RunCursor> cursor = Optional.ofNullable(ctx.queryParam("cursor")).filter(c -> !c.isEmpty())
                .map(RunCursor::decode);
        List<QueryRun> page = runs.list(cursor, limit + 1);
        boolean hasMore = page.size() > limit;
        List<QueryRun> items = page.subList(0, Math.min(limit, page.size()));
        Map<String, Object> body = new LinkedHashMap<>();
        // One catalog query for the linked results' statuses, not one per run.
        Map<String, ResultStatus> statuses = results.statuses(
                items.stream().flatMap(r -> r.resultId().stream()).collect(Collectors.toSet()));
        body.put("query_runs", items.stream().map(r -> view(r, statuses)).toList());
        body.put("count", items.size());
        body.put("limit", limit);
        body.put("has_more", hasMore);
        body.put("next_cursor", hasMore ? new RunCursor(items.getLast().createdAt(), items.getLast().id()).encode() : null);
        JsonIo.write(ctx, 200, body);
    }

    private void get(Context ctx) {
        String id = validId(ctx.pathParam("id"));
        QueryRun run = runs.find(id).orElseThrow(() -> ApiException.notFound("query run " + id + " not found"));
        Map<String, ResultStatus> statuses = results.statuses(run.resultId().stream().toList());
        JsonIo.write(ctx, 200, view(run, statuses));
    }

    private void cancel(Context ctx) {
        QueryRun run = queries.cancel(validId(ctx.pathParam("id")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", run.id());
        body.put("status", run.status().wire());
        JsonIo.write(ctx, 200, body);
    }

    private static Map<String, Object> view(QueryRun r, Map<String, ResultStatus> statuses) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("status", r.status().wire());
        m.put("sql_text", r.sqlText());
        m.put("sql_hash", r.sqlHash());
        m.put("engine", r.engine());
        m.put("result_id", r.resultId().orElse(null));
        m.put("result_status", r.resultId().map(statuses::get).map(ResultStatus::wire).orElse(null));
        m.put("row_count", r.rowCount().orElse(null));
        m.put("execution_time_ms", r.executionTimeMs().orElse(null));
        m.put("error_message", r.errorMessage().orElse(null));
        m.put("created_at", Times.format(r.createdAt()));
        m.put("completed_at", r.completedAt().map(Times::format).orElse(null));
        m.put("reused_from", r.reusedFrom().orElse(null));
        m.put("trace_id", r.traceId().orElse(null));
        return m;
    }

    private static String validId(String id) {
        if (!Ids.isValid(Ids.QUERY_RUN, id)) {
            throw ApiException.badRequest("invalid query run id: expected 'qrun' followed by 26 characters [0-9a-z]");
        }
        return id;
    }
}
