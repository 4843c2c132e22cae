package io.resultstore.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.resultstore.common.Times;
import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import io.resultstore.payload.CanonicalJson;
import io.resultstore.payload.NoetlRef;
import io.resultstore.payload.Payload;
import io.resultstore.payload.PayloadRepository;
import io.resultstore.payload.PayloadService;
import io.resultstore.payload.PutRequest;
import io.resultstore.payload.Scope;
import io.resultstore.payload.StoredPayload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The NoETL-compatible workflow result store under {@code /api/result}. Result names may contain {@code /}, so
 * GET and DELETE take the rest of the path and dispatch on it here: {@code resolve}, {@code stats} and {@code ref}
 * are the fixed endpoints, {@code <eid>/list} the listing, {@code <eid>/step/<name>} the step cleanup, and any
 * other {@code <eid>/<name>} a result name.
 */
final class PayloadRoutes {
    private final PayloadService payloads;

    PayloadRoutes(PayloadService payloads) {
        this.payloads = requireNonNull(payloads, "payloads is null");
    }

    void register(RoutesConfig routes) {
        routes.put("/api/result/{execution_id}", this::put);
        routes.get("/api/result/<path>", this::get);
        routes.delete("/api/result/<path>", this::delete);
    }

    private void put(Context ctx) {
        PutRequest request = PutRequest.fromJson(body(ctx));
        String response = payloads.put(ctx.pathParam("execution_id"), request,
                Optional.ofNullable(ctx.header("Idempotency-Key")));
        ctx.status(200).contentType("application/json").result(response.getBytes(StandardCharsets.UTF_8));
    }

    private void get(Context ctx) {
        String path = ctx.pathParam("path");
        switch (path) {
            case "resolve" -> json(ctx, payloads.resolve(requiredRef(ctx)));
            case "stats" -> JsonIo.write(ctx, 200, stats(payloads.stats()));
            default -> {
                int slash = path.indexOf('/');
                if (slash < 0) {
                    throw ApiException.notFound("no such endpoint: GET /api/result/" + path);
                }
                String eid = path.substring(0, slash);
                String rest = path.substring(slash + 1);
                if (rest.equals("list")) {
                    list(ctx, eid);
                } else {
                    latest(ctx, eid, rest);
                }
            }
        }
    }

    private void delete(Context ctx) {
        String path = ctx.pathParam("path");
        int slash = path.indexOf('/');
        if (path.equals("ref")) {
            payloads.deleteRef(requiredRef(ctx));
            ctx.status(204);
        } else if (slash < 0) {
            Scope scope = Optional.ofNullable(ctx.queryParam("scope")).filter(s -> !s.isEmpty()).map(Scope::parse)
                    .orElse(Scope.EXECUTION);
            int deleted = payloads.deleteExecution(path, scope);
            JsonIo.write(ctx, 200, deleted(path, deleted, scope));
        } else if (path.startsWith("step/", slash + 1)) {
            String eid = path.substring(0, slash);
            int deleted = payloads.deleteStep(eid, path.substring(slash + 1 + "step/".length()));
            JsonIo.write(ctx, 200, deleted(eid, deleted, Scope.STEP));
        } else {
            throw ApiException.notFound("no such endpoint: DELETE /api/result/" + path);
        }
    }

    private void latest(Context ctx, String eid, String name) {
        boolean resolve = switch (Optional.ofNullable(ctx.queryParam("resolve")).orElse("true").toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "" -> true;
            case "false", "0" -> false;
            default -> throw ApiException.badRequest("query parameter 'resolve' must be true or false");
        };
        StoredPayload latest = payloads.latest(eid, name);
        if (resolve) {
            json(ctx, payloads.data(latest));
        } else {
            JsonIo.write(ctx, 200, metadata(latest.payload()));
        }
    }

    private void list(Context ctx, String eid) {
        Optional<Scope> scope = Optional.ofNullable(ctx.queryParam("scope")).filter(s -> !s.isEmpty()).map(Scope::parse);
        Optional<String> step = Optional.ofNullable(ctx.queryParam("step_name")).filter(s -> !s.isEmpty())
                .map(NoetlRef::checkName);
        List<Payload> refs = payloads.list(eid, scope, step);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("execution_id", eid);
        body.put("count", refs.size());
        body.put("refs", refs.stream().map(PayloadRoutes::metadata).toList());
        JsonIo.write(ctx, 200, body);
    }

    static Map<String, Object> metadata(Payload p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ref", p.ref().format());
        m.put("store", p.store());
        m.put("scope", p.scope().wire());
        m.put("name", p.name());
        m.put("expires_at", p.expiresAt().map(Times::format).orElse(null));
        m.put("bytes", p.bytes());
        m.put("sha256", p.sha256());
        m.put("source_step", p.sourceStep().orElse(null));
        m.put("correlation", p.correlation().map(RawValue::new).orElse(null));
        m.put("extracted", p.extracted().map(RawValue::new).orElse(null));
        m.put("created_at", Times.format(p.createdAt()));
        return m;
    }

    private static Map<String, Object> deleted(String eid, int count, Scope scope) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("execution_id", eid);
        body.put("deleted", count);
        body.put("scope", scope.wire());
        return body;
    }

    private static Map<String, Object> stats(PayloadRepository.Stats s) {
        Map<String, Object> body = new LinkedHashMap<>();
        long count = s.byScope().values().stream().mapToLong(PayloadRepository.Totals::count).sum();
        long bytes = s.byScope().values().stream().mapToLong(PayloadRepository.Totals::bytes).sum();
        body.put("total", totals(new PayloadRepository.Totals(count, bytes)));
        Map<String, Object> byScope = new LinkedHashMap<>();
        for (Scope scope : Scope.values()) {
            byScope.put(scope.wire(), totals(s.byScope().getOrDefault(scope.wire(), new PayloadRepository.Totals(0, 0))));
        }
        body.put("by_scope", byScope);
        Map<String, Object> byStore = new LinkedHashMap<>();
        s.byStore().forEach((store, t) -> byStore.put(store, totals(t)));
        body.put("by_store", byStore);
        body.put("expired_pending", totals(s.expiredPending()));
        body.put("deleted", totals(s.deleted()));
        body.put("collected", totals(s.collected()));
        Map<String, Object> gc = new LinkedHashMap<>();
        gc.put("last_run_at", s.lastGcAt().map(Times::format).orElse(null));
        gc.put("last_run_collected", s.lastGcCollected());
        body.put("gc", gc);
        return body;
    }

    private static Map<String, Object> totals(PayloadRepository.Totals t) {
        return Map.of("count", t.count(), "bytes", t.bytes());
    }

    private static String requiredRef(Context ctx) {
        String ref = ctx.queryParam("ref");
        if (ref == null || ref.isEmpty()) {
            throw ApiException.badRequest("missing query parameter 'ref'");
        }
        return ref;
    }

    private static void json(Context ctx, byte[] data) {
        ctx.status(200).contentType("application/json").result(data);
    }

    /** Keeps decimals exactly as sent: the stored bytes and hash are over the caller's numbers. */
    private static ObjectNode body(Context ctx) {
        return JsonIo.objectBody(ctx, CanonicalJson.READER);
    }
}
