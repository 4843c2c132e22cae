package io.resultstore.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Json;
import io.resultstore.testing.Http;
import io.resultstore.testing.RawHttp;
import io.resultstore.testing.SharedServer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input gets a clear error and loses nothing: every case is a real request to one shared server, answered
 * with the expected 4xx and the API's JSON error shape, after which nothing stored has changed.
 */
class HostileInputTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(b -> b.set("server.max_body", ProtocolCases.MAX_BODY + "B")
            .set("query.max_sql_bytes", QueryCases.MAX_SQL_BYTES + "B"));
    static final Http http = server.http();

    private static final Map<Integer, Set<String>> CODES = Map.of(
            400, Set.of("BAD_REQUEST", "SQL_ERROR"), 403, Set.of("FORBIDDEN_STATEMENT"), 404, Set.of("NOT_FOUND"),
            409, Set.of("CONFLICT"), 413, Set.of("PAYLOAD_TOO_LARGE"),
            414, Set.of("BAD_REQUEST"), 416, Set.of("BAD_REQUEST"), 422, Set.of("UNPROCESSABLE"),
            431, Set.of("BAD_REQUEST"), 505, Set.of("BAD_REQUEST"));

    static String resultId;
    static String runId;
    static String ref;

    /** What no refused request may change. */
    record Snapshot(int results, long payloads, long payloadBytes, int datasets, int connections) {}

    @BeforeAll
    static void storeOneOfEach() {
        JsonNode q = http.query("SELECT range AS n FROM range(3)").json();
        resultId = q.path("result_id").asText();
        runId = q.path("query_run_id").asText();
        assertThat(http.awaitResult(resultId).path("status").asText()).isEqualTo("ready");
        ref = http.put("/api/result/42", PayloadCases.OK).json().path("ref").asText();
    }

    static Stream<Case> queryCases() {
        return QueryCases.all().stream();
    }

    static Stream<Case> sqlCases() {
        return SqlCases.all().stream();
    }

    static Stream<Case> resultCases() {
        return ResultCases.all().stream();
    }

    static Stream<Case> runCases() {
        return RunCases.all().stream();
    }

    static Stream<Case> payloadCases() {
        return PayloadCases.all().stream();
    }

    static Stream<Case> datasetCases() {
        return DatasetCases.all().stream();
    }

    static Stream<Case> connectionCases() {
        return ConnectionCases.all().stream();
    }

    static Stream<Case> protocolCases() {
        return ProtocolCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queryCases")
    void queryBodies(Case c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sqlCases")
    void hostileSql(Case c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resultCases")
    void results(Case c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runCases")
    void runsAndMethods(Case c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloadCases")
    void workflowResults(Case c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("datasetCases")
    void datasets(Case c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectionCases")
    void connections(Case c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protocolCases")
    void protocol(Case c) {
        check(c);
    }

    @Test
    void rangeGarbageIsIgnoredAndTheWholeFileSent() {
        RawHttp raw = new RawHttp(server.server().url());
        long size = Long.parseLong(raw.send("GET", "/results/" + resultId + "/data?format=parquet", Map.of(), null)
                .header("Content-Length"));
        for (String range : ResultCases.ignoredRanges()) {
            RawHttp.Response r = raw.send("GET", "/results/" + resultId + "/data?format=parquet", Map.of("Range", range), null);
            assertThat(r.status()).as(range).isEqualTo(200);
            assertThat(r.body()).as(range).hasSize((int) size);
        }
    }

    @Test
    void acceptHeadersNamingNoFormatWeServeGetCsv() {
        RawHttp raw = new RawHttp(server.server().url());
        for (String accept : List.of("application/xml", "garbage", "*/*;q=abc", ",,,", "text/csv;;;", "\u00ff")) {
            RawHttp.Response r = raw.send("GET", "/results/" + resultId + "/data", Map.of("Accept", accept), null);
            assertThat(r.status()).as(accept).isEqualTo(200);
            assertThat(r.header("Content-Type")).as(accept).startsWith("text/csv");
        }
    }

    @Test
    void pagesFarBeyondTheEndAreEmpty() {
        for (String offset : List.of("3", "2147483648", "9223372036854775807")) {
            Http.Response r = http.get("/results/" + resultId + "?offset=" + offset + "&limit=2147483647");
            assertThat(r.status()).as(offset).isEqualTo(200);
            assertThat(r.json().path("rows").size()).as(offset).isZero();
        }
    }

    private static void check(Case c) {
        Snapshot before = snapshot();
        RawHttp raw = new RawHttp(server.server().url());
        RawHttp.Response r = c.raw() != null ? raw.raw(c.raw())
                : raw.send(c.method(), c.path().replace("{rid}", resultId).replace("{qid}", runId), c.headers(), c.body());
        String text = r.text();
        assertThat(r.status()).as("status of %s; body %s", c.name(), text).isEqualTo(c.status());
        assertThat(r.header("Content-Type")).as("content type of %s; %s %s; body %s", c.name(), r.status(), r.headers(), text).startsWith("application/json");
        JsonNode error;
        try {
            error = Json.MAPPER.readTree(r.body()).path("error");
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
        assertThat(CODES.get(c.status())).as("code of %s", text).contains(error.path("code").asText());
        assertThat(error.path("message").asText()).as("message of %s", text).isNotBlank();
        assertThat(snapshot()).as("stored state after %s", c.name()).isEqualTo(before);
    }

    private static Snapshot snapshot() {
        JsonNode results = http.get("/results?limit=1000").json();
        JsonNode stats = http.get("/api/result/stats").json();
        assertThat(http.get("/results/" + resultId).json().path("status").asText()).isEqualTo("ready");
        assertThat(http.get("/api/result/resolve?ref=" + ref).status()).isEqualTo(200);
        return new Snapshot(results.path("count").asInt(), stats.path("total").path("count").asLong(),
                stats.path("total").path("bytes").asLong(), http.get("/v1/datasets?limit=1000").json().path("count").asInt(),
                http.get("/connections").json().path("count").asInt());
    }
}
