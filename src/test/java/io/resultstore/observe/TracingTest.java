package io.resultstore.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.resultstore.config.ConfigException;
import io.resultstore.config.ConfigLoader;
import io.resultstore.testing.Await;
import io.resultstore.testing.Http;
import io.resultstore.testing.RawHttp;
import io.resultstore.testing.TestServer;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spans of a query from its request to its background write, trace ids on every answer and run, OTLP export. */
class TracingTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @TempDir
    Path dir;

    @Test
    void oneQueryIsOneTraceFromTheCallersSpanToTheBackgroundWrite() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (TestServer server = TestServer.builder(dir).spans(spans).start()) {
            Http http = server.http();
            Http.Response answer = http.send(HttpRequest.newBuilder(http.uri("/query"))
                    .header("Content-Type", "application/json")
                    .header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sql\":\"SELECT 42 AS answer\"}")));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.raw().headers().firstValue("X-Trace-Id")).contains(TRACE_ID);
            assertThat(answer.raw().headers().firstValue("traceparent").orElseThrow())
                    .matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01");
            String runId = answer.json().path("query_run_id").asText();
            String resultId = answer.json().path("result_id").asText();
            http.awaitResult(resultId);
            assertThat(http.get("/query-runs/" + runId).json().path("trace_id").asText()).isEqualTo(TRACE_ID);

            Await.until("the write's span ended", () -> named(spans, "result persist").size() == 1);
            List<SpanData> all = spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(TRACE_ID))
                    .toList();
            SpanData request = only(all, "POST /query");
            assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(request.getParentSpanId()).isEqualTo(CALLER_SPAN);
            assertThat(request.getAttributes().asMap().toString()).contains("http.route=/query",
                    "http.response.status_code=200");
            assertThat(answer.raw().headers().firstValue("traceparent").orElseThrow()).contains(request.getSpanId());

            SpanData query = only(all, "query");
            assertThat(query.getParentSpanId()).isEqualTo(request.getSpanId());
            assertThat(query.getAttributes().asMap().toString()).contains("resultstore.run_id=" + runId,
                    "resultstore.result_id=" + resultId, "resultstore.engine=duckdb");
            assertThat(childrenOf(all, query)).contains("catalog QueryRuns.insert", "engine check", "engine execute",
                    "catalog Results.insertCompletingRun", "result persist");

            SpanData persist = only(all, "result persist");
            assertThat(childrenOf(all, persist)).contains("engine write_parquet", "storage publish",
                    "catalog Results.markReady");
            // Every span of the trace hangs below the request's.
            Map<String, String> parents = new java.util.HashMap<>();
            all.forEach(span -> parents.put(span.getSpanId(), span.getParentSpanId()));
            assertThat(all).allSatisfy(span -> {
                String id = span.getSpanId();
                while (!id.equals(request.getSpanId()) && parents.containsKey(id)) {
                    id = parents.get(id);
                }
                assertThat(id).isEqualTo(request.getSpanId());
            });
            // Nothing of the data or the statement is put on a span.
            assertThat(all).allSatisfy(span -> assertThat(span.getAttributes().asMap().toString())
                    .doesNotContain("SELECT", "42"));
        }
    }

    @Test
    void aFailedStatementMarksItsSpansAndEveryAnswerCarriesATraceId() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (TestServer server = TestServer.builder(dir).spans(spans).start()) {
            Http http = server.http();
            Http.Response failed = http.query("SELECT CAST('not_a_number_here' AS INTEGER)");
            assertThat(failed.status()).isEqualTo(400);
            String traceId = failed.raw().headers().firstValue("X-Trace-Id").orElseThrow();
            assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
            Await.until("the query span ended", () -> named(spans, "query").size() == 1);
            SpanData query = only(spans.getFinishedSpanItems(), "query");
            assertThat(query.getTraceId()).isEqualTo(traceId);
            assertThat(query.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(query.getStatus().getDescription()).contains("not_a_number_here");

            // Refused before routing, refused as malformed, or answered by no route: each has its own trace.
            for (Http.Response r : List.of(http.get("/results/not-an-id"), http.get("/no/such/endpoint"),
                    http.send(HttpRequest.newBuilder(http.uri("/health")).header("traceparent", "garbage")))) {
                assertThat(r.raw().headers().firstValue("X-Trace-Id").orElseThrow()).matches("[0-9a-f]{32}")
                        .isNotEqualTo(traceId);
                assertThat(r.raw().headers().firstValue("traceparent").orElseThrow())
                        .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]");
            }
            Await.until("the unrouted request's span ended",
                    () -> spans.getFinishedSpanItems().stream().anyMatch(s -> s.getName().equals("GET")));
        }
    }

    @Test
    void withoutAnExporterIdsStillTravelButNothingIsRecorded() {
        try (TestServer server = TestServer.start(dir)) {
            Http http = server.http();
            Http.Response answer = http.query("SELECT 1");
            String traceId = answer.raw().headers().firstValue("X-Trace-Id").orElseThrow();
            assertThat(answer.raw().headers().firstValue("traceparent").orElseThrow())
                    .matches("00-" + traceId + "-[0-9a-f]{16}-0[02]");
            String runId = answer.json().path("query_run_id").asText();
            assertThat(http.get("/query-runs/" + runId).json().path("trace_id").asText()).isEqualTo(traceId);
        }
    }

    @Test
    void theConfiguredCollectorReceivesTheSpansOverOtlpHttp() throws Exception {
        List<Map.Entry<String, byte[]>> received = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            received.add(Map.entry(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        try (TestServer server = TestServer.builder(dir)
                .set("otel.exporter.endpoint", "http://127.0.0.1:" + collector.getAddress().getPort() + "/").start()) {
            Http.Response answer = server.http().query("SELECT 7");
            byte[] traceId = HexFormat.of().parseHex(answer.raw().headers().firstValue("X-Trace-Id").orElseThrow());
            Await.until("the collector received the query's trace", () -> received.stream()
                    .anyMatch(r -> RawHttp.indexOf(r.getValue(), traceId) >= 0));
            assertThat(received).allSatisfy(r -> assertThat(r.getKey())
                    .isEqualTo("POST /v1/traces application/x-protobuf"));
        } finally {
            collector.stop(0);
        }
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlIsRefusedAtStart() {
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("otel.exporter.endpoint", "collector:4318")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("otel.exporter.endpoint");
        assertThat(ConfigLoader.fromMap(Map.of("otel.exporter.endpoint", "https://otel.example:4318"))
                .server().otelEndpoint()).isPresent();
    }

    private static List<SpanData> named(InMemorySpanExporter spans, String name) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    }

    private static SpanData only(List<SpanData> spans, String name) {
        List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(found).as("spans named " + name + " among " + spans.stream().map(SpanData::getName).toList())
                .hasSize(1);
        return found.get(0);
    }

    private static List<String> childrenOf(List<SpanData> spans, SpanData parent) {
        return spans.stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId())).map(SpanData::getName)
                .toList();
    }
}
