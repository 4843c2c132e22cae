package io.resultstore.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** One HTTP exchange with the server: the bearer token, the JSON mapping and the API's error shape, in one place. */
final class Transport implements AutoCloseable {
    /** Snake-case JSON to records; fields the server adds later are ignored, as the API asks of clients. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final URI server;
    private final Optional<String> token;
    private final Duration requestTimeout;
    private final HttpClient http;

    Transport(URI server, Optional<String> token, Duration connectTimeout, Duration requestTimeout) {
        String base = requireNonNull(server, "server is null").toString();
        this.server = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.token = requireNonNull(token, "token is null");
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout is null");
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    URI server() {
        return server;
    }

    HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + pathAndQuery)).timeout(requestTimeout);
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    HttpRequest.Builder jsonRequest(String pathAndQuery, String method, Object body) {
        try {
            return request(pathAndQuery).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** Sends and answers the body; a 4xx/5xx becomes a {@link ResultStoreException}. */
    HttpResponse<byte[]> send(HttpRequest.Builder request) {
        HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 400) {
            throw error(response.statusCode(), response.body());
        }
        return response;
    }

    /** A streamed body for downloads: the caller closes it. Error bodies are small and read whole. */
    HttpResponse<InputStream> stream(HttpRequest.Builder request) {
        HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 400) {
            try (InputStream body = response.body()) {
                throw error(response.statusCode(), body.readNBytes(1 << 20));
            } catch (IOException e) {
                throw new ResultStoreException("UNREACHABLE", response.statusCode(), "reading the error: " + e, e);
            }
        }
        return response;
    }

    <T> T read(HttpRequest.Builder request, Class<T> type) {
        return parse(send(request).body(), type);
    }

    JsonNode readTree(HttpRequest.Builder request) {
        return parse(send(request).body(), JsonNode.class);
    }

    static <T> T parse(byte[] body, Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new ResultStoreException("BAD_RESPONSE", 0, "the server's answer is not the expected JSON: "
                    + e.getMessage(), e);
        }
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.build(), handler);
        } catch (IOException e) {
            throw new ResultStoreException("UNREACHABLE", 0, "cannot reach " + server + ": "
                    + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResultStoreException("INTERRUPTED", 0, "interrupted while waiting for " + server, e);
        }
    }

    /** The API's {@code {"error": {"code", "message"}}}; anything else (a proxy's page) keeps its status. */
    static ResultStoreException error(int status, byte[] body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.path("code").isTextual() && error.path("message").isTextual()) {
                return new ResultStoreException(error.path("code").asText(), status, error.path("message").asText());
            }
        } catch (IOException notJson) {
            // fall through: the body is not the API's error shape
        }
        String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip();
        return new ResultStoreException("HTTP_" + status, status, "HTTP " + status + (text.isEmpty() ? "" : ": " + text));
    }

    static String segment(String value) {
        return URLEncoder.encode(requireNonNull(value, "value is null"), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A result name may contain {@code /}: each part is encoded and the slashes kept, as the server reads it. */
    static String path(String value) {
        return Arrays.stream(value.split("/", -1)).map(Transport::segment).collect(Collectors.joining("/"));
    }

    @Override
    public void close() {
        http.close();
    }
}
