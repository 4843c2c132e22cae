package io.resultstore.http;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.resultstore.common.Times;
import io.resultstore.error.ApiException;
import io.resultstore.result.Result;
import io.resultstore.result.ResultService;
import io.resultstore.result.ResultStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code GET /results}, {@code GET /results/{id}}, {@code DELETE /results/{id}}. */
final class ResultRoutes {
    private final ResultService results;

    ResultRoutes(ResultService results) {
        this.results = requireNonNull(results, "results is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/results", this::list);
        routes.get("/results/{id}", this::get);
        routes.delete("/results/{id}", this::delete);
    }

    private void list(Context ctx) {
        int limit = JsonIo.clampedParam(ctx, "limit", 100, 1, 1000);
        int offset = (int) JsonIo.longParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        Optional<ResultStatus> status = Optional.ofNullable(ctx.queryParam("status")).filter(s -> !s.isEmpty())
                .map(ResultRoutes::parseStatus);
        List<Result> page = results.list(status, limit + 1, offset);
        boolean hasMore = page.size() > limit;
        List<Map<String, Object>> items = page.stream().limit(limit).map(ResultRoutes::summary).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("results", items);
        body.put("count", items.size());
        body.put("offset", offset);
        body.put("limit", limit);
        body.put("has_more", hasMore);
        JsonIo.write(ctx, 200, body);
    }

    private void get(Context ctx) {
        long offset = JsonIo.longParam(ctx, "offset", 0, 0, Long.MAX_VALUE);
        Optional<Integer> limit = ctx.queryParam("limit") == null ? Optional.empty()
                : Optional.of((int) JsonIo.longParam(ctx, "limit", 0, 0, Integer.MAX_VALUE));
        ResultService.ResultPage page = results.page(ctx.pathParam("id"), offset, limit);
        Result r = page.result();
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("result_id", r.id());
        head.put("status", r.status().wire());
        if (page.page().isEmpty()) {
            r.errorMessage().ifPresent(m -> head.put("error_message", m));
            JsonIo.write(ctx, 200, head);
            return;
        }
        Map<String, Object> tail = new LinkedHashMap<>();
        tail.put("row_count", r.rowCount());
        tail.put("offset", page.offset());
        tail.put("limit", page.limit());
        tail.put("has_more", page.hasMore());
        RowsJson.write(ctx, 200, head, r.columns(), page.page().get().rows(), tail);
    }

    private void delete(Context ctx) {
        results.delete(ctx.pathParam("id"));
        ctx.status(204);
    }

    static Map<String, Object> summary(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("status", r.status().wire());
        m.put("created_at", Times.format(r.createdAt()));
        m.put("row_count", r.rowCount());
        m.put("bytes", r.bytes().orElse(null));
        m.put("query_run_id", r.queryRunId());
        r.completedAt().ifPresent(t -> m.put("completed_at", Times.format(t)));
        r.errorMessage().ifPresent(e -> m.put("error_message", e));
        r.expiresAt().ifPresent(t -> m.put("expires_at", Times.format(t)));
        return m;
    }

    private static ResultStatus parseStatus(String s) {
        return switch (s) {
            case "processing" -> ResultStatus.PROCESSING;
            case "ready" -> ResultStatus.READY;
            case "failed" -> ResultStatus.FAILED;
            default -> throw ApiException.badRequest("status must be one of processing, ready, failed");
        };
    }
}
