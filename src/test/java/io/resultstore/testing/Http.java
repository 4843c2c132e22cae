package io.resultstore.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A small JSON-over-HTTP client for tests. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Supplier<String> base;

    public Http(String base) {
        this(() -> base);
    }

    /** A client whose server is known only later, e.g. one a JUnit extension starts. */
    public Http(Supplier<String> base) {
        this.base = base;
    }

    public record Response(int status, String body, HttpResponse<byte[]> raw) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public String errorCode() {
            return json().path("error").path("code").asText();
        }

        public String errorMessage() {
            return json().path("error").path("message").asText();
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    public Response post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response put(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> r = CLIENT.send(request.timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI uri(String path) {
        return URI.create(base.get() + path);
    }

    /** {@code POST /query} with the SQL as the only field; returns the response. */
    public Response query(String sql) {
        return post("/query", Json.MAPPER.createObjectNode().put("sql", sql).toString());
    }

    /** Polls {@code GET path} until {@code done} holds for the JSON body, up to 90 s (generous: CI machines are loaded). */
    public JsonNode await(String path, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Response r = get(path);
            last = r.status() == 200 ? r.json() : null;
            if (last != null && done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("condition on " + path + " not reached in 90 s; last: " + last);
    }

    /** Waits until a result has left {@code processing}; returns its {@code GET /results/{id}} body. */
    public JsonNode awaitResult(String resultId) {
        return await("/results/" + resultId, j -> !j.path("status").asText().equals("processing"));
    }
}
