package io.resultstore.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Json;
import io.resultstore.testing.Http;
import io.resultstore.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What reaches the log: a line per request with its route and ids, and never a token, a password or payload data. */
class RequestLogTest {
    private static final String TOKEN = "tok-7f3a9c1e5d";
    private static final String PASSWORD = "pw-c0ffee-5ecret";
    private static final String PAYLOAD_MARKER = "payload-marker-91b2";

    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger root;

    @BeforeEach
    void capture() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void release() {
        root.detachAppender(captured);
        LogFormat.apply("text");
    }

    @Test
    void everyRequestIsOneLineWithItsRouteTemplateAndIdsAndNoSecretIsLogged() {
        try (TestServer server = TestServer.builder(dir).set("auth.tokens", TOKEN).start()) {
            Http http = server.http();
            Http.Response query = send(http, "/query", "POST", "{\"sql\":\"SELECT 42 AS answer\"}");
            assertThat(query.status()).isEqualTo(200);
            String resultId = query.json().path("result_id").asText();
            String runId = query.json().path("query_run_id").asText();
            assertThat(send(http, "/results/" + resultId, "GET", null).status()).isEqualTo(200);
            assertThat(send(http, "/api/result/exec-1", "PUT",
                    "{\"name\":\"step\",\"data\":{\"secret\":\"" + PAYLOAD_MARKER + "\"}}").status()).isEqualTo(200);
            Http.Response connection = send(http, "/connections", "POST", "{\"name\":\"src\",\"source_type\":\"postgres\","
                    + "\"config\":{\"url\":\"jdbc:postgresql://127.0.0.1:1/none\",\"user\":\"u\"},\"secret\":\"" + PASSWORD + "\"}");
            assertThat(connection.status()).isBetween(400, 599);
            assertThat(http.get("/results").status()).isEqualTo(401);
            assertThat(send(http, "/results/..%2F..%2Fetc", "GET", null).status()).isIn(400, 404);

            List<String> lines = requestLines();
            String traceId = query.raw().headers().firstValue("X-Trace-Id").orElseThrow();
            assertThat(lines).anyMatch(l -> l.startsWith("POST /query 200 ") && l.contains(" run_id=" + runId)
                    && l.contains(" result_id=" + resultId) && l.endsWith(" trace_id=" + traceId));
            assertThat(lines).anyMatch(l -> l.startsWith("GET /results/{id} 200 ") && l.contains(" id=" + resultId));
            assertThat(lines).anyMatch(l -> l.startsWith("PUT /api/result/{execution_id} 200 "));
            // Refused before its handler, a request still has its trace.
            assertThat(lines).anyMatch(l -> l.startsWith("GET /results 401 ") && l.matches(".* trace_id=[0-9a-f]{32}"));
            // A path id that is not one of ours stays out of the line.
            assertThat(lines).noneMatch(l -> l.contains("etc"));
        }
        String everything = String.join("\n", allText());
        assertThat(everything).doesNotContain(TOKEN).doesNotContain(PASSWORD).doesNotContain(PAYLOAD_MARKER);
    }

    @Test
    void jsonFormatWritesOneObjectPerLineWithTheRequestFields() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            LogFormat.apply("json");
            try (TestServer server = TestServer.builder(dir).start()) {
                assertThat(server.http().query("SELECT 1").status()).isEqualTo(200);
            }
        } finally {
            LogFormat.apply("text");
            System.setErr(err);
        }
        List<JsonNode> requests = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{"))
                .map(RequestLogTest::parse).filter(n -> n.path("loggerName").asText().equals("io.resultstore.request"))
                .toList();
        assertThat(requests).isNotEmpty();
        JsonNode line = requests.getFirst();
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("formattedMessage").asText()).startsWith("POST /query 200 ");
        assertThat(line.path("kvpList").toString()).contains("\"route\":\"/query\"").contains("\"status\":\"200\"");
    }

    private static JsonNode parse(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private static Http.Response send(Http http, String path, String method, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri(path)).header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b);
    }

    private List<String> requestLines() {
        return captured.list.stream().filter(e -> e.getLoggerName().equals("io.resultstore.request"))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Every message, key-value pair and exception text that was logged, as a log shipper would see it. */
    private List<String> allText() {
        return captured.list.stream().map(e -> {
            StringBuilder s = new StringBuilder(e.getFormattedMessage());
            if (e.getKeyValuePairs() != null) {
                e.getKeyValuePairs().forEach(kv -> s.append(' ').append(kv.key).append('=').append(kv.value));
            }
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                s.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
            }
            return s.toString();
        }).toList();
    }
}
