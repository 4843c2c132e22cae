package io.resultstore.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * A client of one ResultStore server over its HTTP API:
 * <pre>{@code
 * try (ResultStoreClient client = ResultStoreClient.builder(URI.create("http://127.0.0.1:8080")).token(t).build()) {
 *     QueryAnswer answer = client.queries().execute("SELECT 42 AS answer", Duration.ofMinutes(5));
 *     client.results().download(answer.resultId().orElseThrow(), DownloadFormat.PARQUET, Path.of("a.parquet"), Progress.NONE);
 * }
 * }</pre>
 * Every failure is a {@link ResultStoreException} carrying the API's error code, HTTP status and message. Safe to
 * share between threads.
 */
public final class ResultStoreClient implements AutoCloseable {
    private final Transport transport;
    private final Runs runs;
    private final Results results;
    private final Queries queries;
    private final Payloads payloads;

    private ResultStoreClient(Transport transport) {
        this.transport = requireNonNull(transport, "transport is null");
        this.runs = new Runs(transport);
        this.results = new Results(transport);
        this.queries = new Queries(transport, runs, results);
        this.payloads = new Payloads(transport);
    }

    public static Builder builder(URI server) {
        return new Builder(server);
    }

    public Queries queries() {
        return queries;
    }

    public Results results() {
        return results;
    }

    public Runs runs() {
        return runs;
    }

    public Payloads payloads() {
        return payloads;
    }

    /** {@code GET /health}. */
    public JsonNode health() {
        return transport.readTree(transport.request("/health").GET());
    }

    public URI server() {
        return transport.server();
    }

    /** The JSON mapping the client reads answers with (snake_case fields, ISO-8601 times), to write them back out. */
    public static ObjectMapper json() {
        return Transport.JSON;
    }

    @Override
    public void close() {
        transport.close();
    }

    public static final class Builder {
        private final URI server;
        private Optional<String> token = Optional.empty();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofMinutes(10);

        private Builder(URI server) {
            this.server = requireNonNull(server, "server is null");
        }

        /** The bearer token for a server with {@code auth.tokens}; empty or blank means none. */
        public Builder token(Optional<String> value) {
            this.token = requireNonNull(value, "value is null").filter(t -> !t.isBlank());
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = requireNonNull(value, "value is null");
            return this;
        }

        /** The longest a single non-streaming request may take (a {@code POST /query} waits up to its wait timeout). */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = requireNonNull(value, "value is null");
            return this;
        }

        public ResultStoreClient build() {
            return new ResultStoreClient(new Transport(server, token, connectTimeout, requestTimeout));
        }
    }
}
