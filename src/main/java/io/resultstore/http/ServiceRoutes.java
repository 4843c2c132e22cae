package io.resultstore.http;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.resultstore.catalog.Catalog;
import io.resultstore.storage.BlobStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code GET /health}, {@code GET /metrics} and {@code GET /openapi.json}. */
final class ServiceRoutes {
    /** Paths answered without a token: a load balancer's health check, and the API's description (no data). */
    static final Set<String> PUBLIC = Set.of("/health", "/openapi.json");
    private static final byte[] OPEN_API = resource("/openapi.json");

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
        routes.get("/openapi.json", ctx -> ctx.status(200).contentType("application/json").result(OPEN_API));
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

    private static byte[] resource(String name) {
        try (InputStream in = ServiceRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
