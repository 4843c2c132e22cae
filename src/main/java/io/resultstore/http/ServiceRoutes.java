package io.resultstore.http;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.resultstore.catalog.Catalog;
import io.resultstore.storage.BlobStorage;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /health} and {@code GET /metrics}. */
final class ServiceRoutes {
    private final Catalog catalog;
    private final BlobStorage storage;
    private final PrometheusMeterRegistry metrics;
    private final String version;

    ServiceRoutes(Catalog catalog, BlobStorage storage, PrometheusMeterRegistry metrics, String version) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.version = requireNonNull(version, "version is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/health", this::health);
        routes.get("/metrics", this::metrics);
    }

    private void health(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        String problem = null;
        try {
            catalog.ping();
        } catch (RuntimeException e) {
            problem = "catalog unreachable";
        }
        try {
            storage.ping();
        } catch (Exception e) {
            problem = problem == null ? "storage unreachable" : problem + "; storage unreachable";
        }
        body.put("status", problem == null ? "ok" : "unavailable");
        body.put("catalog", catalog.type());
        body.put("storage", storage.type());
        body.put("version", version);
        if (problem != null) {
            body.put("error", Map.of("code", "UNAVAILABLE", "message", problem));
        }
        JsonIo.write(ctx, problem == null ? 200 : 503, body);
    }

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }
}
