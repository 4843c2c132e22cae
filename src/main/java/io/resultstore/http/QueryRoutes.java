package io.resultstore.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resultstore.error.ErrorCode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.resultstore.observe.RequestLog;
import io.resultstore.error.ApiException;
import io.resultstore.engine.ExecutedQuery;
import io.resultstore.query.QueryAnswer;
import io.resultstore.query.QueryRequest;
import io.resultstore.query.QueryService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /query}. */
final class QueryRoutes {
    /** Far more than any real statement has placeholders; bounds the work a hostile list can cause. */
    static final int MAX_PARAMETERS = 65_535;
    private final QueryService queries;

    QueryRoutes(QueryService queries) {
        this.queries = requireNonNull(queries, "queries is null");
    }

    void register(RoutesConfig routes) {
        routes.post("/query", this::query);
    }

    private void query(Context ctx) {
        ObjectNode body = JsonIo.objectBody(ctx);
        String sql = JsonIo.requiredString(body, "sql");
        var wait = JsonIo.optionalLong(body, "wait_timeout_ms").map(ms -> {
            if (ms < 0) {
                throw ApiException.badRequest("wait_timeout_ms must not be negative");
            }
            return Duration.ofMillis(ms);
        });
        var maxRows = JsonIo.optionalLong(body, "max_inline_rows").map(n -> {
            if (n < 0) {
                throw ApiException.badRequest("max_inline_rows must not be negative");
            }
            return (int) Math.min(n, Integer.MAX_VALUE);
        });
        boolean reuse = JsonIo.optionalBoolean(body, "reuse").orElse(true);
        var engine = JsonIo.optionalString(body, "engine");
        QueryAnswer answer = queries.submit(new QueryRequest(sql, wait, maxRows, reuse, engine, parameters(body)));
        try {
            respond(ctx, answer);
        } finally {
            answer.answered();
        }
    }

    /** {@code parameters}: JSON scalars bound in order to the statement's placeholders. */
    static List<Object> parameters(ObjectNode body) {
        JsonNode v = body.get("parameters");
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "field 'parameters' must be an array");
        }
        if (v.size() > MAX_PARAMETERS) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "field 'parameters' holds more than " + MAX_PARAMETERS
                    + " values");
        }
        List<Object> values = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode p = v.get(i);
            if (p.isNull()) {
                values.add(null);
            } else if (p.isBoolean()) {
                values.add(p.booleanValue());
            } else if (p.isIntegralNumber()) {
                values.add(p.canConvertToLong() ? (Object) p.longValue() : new BigDecimal(p.bigIntegerValue()));
            } else if (p.isNumber()) {
                values.add(p.doubleValue());
            } else if (p.isTextual()) {
                values.add(p.textValue());
            } else {
                throw new ApiException(ErrorCode.UNPROCESSABLE, "parameters[" + i
                        + "] must be null, a boolean, a number or a string");
            }
        }
        return values;
    }

    private static void respond(Context ctx, QueryAnswer answer) {
        RequestLog.note(ctx, "run_id", answer.queryRunId());
        answer.resultId().ifPresent(id -> RequestLog.note(ctx, "result_id", id));
        if (!answer.finished()) {
            JsonIo.write(ctx, 202, Map.of("query_run_id", answer.queryRunId(), "status", "running"));
            return;
        }
        ExecutedQuery q = answer.executed().orElseThrow();
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("query_run_id", answer.queryRunId());
        head.put("result_id", answer.resultId().orElse(null));
        Map<String, Object> tail = new LinkedHashMap<>();
        tail.put("row_count", q.rowCount());
        tail.put("truncated", q.rows().size() < q.rowCount());
        tail.put("execution_time_ms", q.executionTimeMs());
        tail.put("reused", answer.reused());
        answer.warning().ifPresent(w -> tail.put("warning", w));
        RowsJson.write(ctx, 200, head, q.columns(), q.rows(), tail);
    }
}
