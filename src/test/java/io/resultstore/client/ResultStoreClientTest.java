package io.resultstore.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.resultstore.testing.SharedServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every client call against a real server with bearer-token auth on. */
@Timeout(120)
class ResultStoreClientTest {
    static final String TOKEN = "client-test-token";
    static final Duration WAIT = Duration.ofSeconds(90);
    static final String ENDLESS = "SELECT count(*) FROM range(1e12)";

    @RegisterExtension
    static final SharedServer server = new SharedServer(b -> b.set("auth.tokens", TOKEN));
    static ResultStoreClient client;

    static ResultStoreClient client() {
        if (client == null) {
            client = ResultStoreClient.builder(URI.create(server.server().url())).token(Optional.of(TOKEN)).build();
        }
        return client;
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    @Test
    void aQueryThatFinishesInTimeAnswersItsRowsAtOnce() {
        QueryAnswer answer = client().queries().execute("SELECT range AS n, 'x' || range AS s FROM range(3)", WAIT);
        assertThat(answer.columns()).containsExactly("n", "s");
        assertThat(answer.rows().toString()).isEqualTo("[[0, \"x0\"], [1, \"x1\"], [2, \"x2\"]]");
        assertThat(answer.rowCount()).isEqualTo(3);
        assertThat(answer.truncated()).isFalse();
        assertThat(answer.queryRunId()).startsWith("qrun");
        assertThat(answer.resultId()).hasValueSatisfying(id -> assertThat(id).startsWith("rslt"));
        assertThat(answer.warning()).isEmpty();

        QueryAnswer capped = client().queries().execute(QueryRequest.of("SELECT range AS n FROM range(10)")
                .withMaxInlineRows(4), WAIT, WaitListener.NONE);
        assertThat(capped.rows()).hasSize(4);
        assertThat(capped.truncated()).isTrue();
        assertThat(capped.rowCount()).isEqualTo(10);
    }

    @Test
    void aQueryAnswered202IsPolledUntilItsRowsAreThere() {
        Submission submitted = client().queries().submit(QueryRequest.of("SELECT 7 AS seven")
                .withWaitTimeout(Duration.ZERO));
        assertThat(submitted).isInstanceOf(Submission.Running.class);
        QueryRun run = client().runs().await(submitted.queryRunId(), WAIT, WaitListener.NONE);
        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.sqlText()).isEqualTo("SELECT 7 AS seven");
        assertThat(run.completedAt()).isPresent();

        List<String> waited = new ArrayList<>();
        QueryAnswer answer = client().queries().execute(QueryRequest.of("SELECT 8 AS eight, NULL AS nothing")
                .withWaitTimeout(Duration.ZERO), WAIT, (what, elapsed) -> waited.add(what));
        assertThat(answer.columns()).containsExactly("eight", "nothing");
        assertThat(answer.rows().toString()).isEqualTo("[[8, null]]");
        assertThat(answer.rows().get(0).get(1).isNull()).isTrue();
        assertThat(answer.resultId()).isPresent();
    }

    @Test
    void aRunningQueryIsCanceledAndASecondCancelIsAConflict() {
        Submission submitted = client().queries().submit(QueryRequest.of(ENDLESS).withWaitTimeout(Duration.ZERO));
        String runId = submitted.queryRunId();
        assertThat(client().runs().get(runId).status()).isIn("running", "canceled");
        assertThat(client().runs().cancel(runId)).isEqualTo("canceled");
        assertThat(client().runs().await(runId, WAIT, WaitListener.NONE).status()).isEqualTo("canceled");
        assertThatThrownBy(() -> client().runs().cancel(runId)).isInstanceOfSatisfying(ResultStoreException.class, e -> {
            assertThat(e.code()).isEqualTo("CONFLICT");
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.getMessage()).contains(runId);
        });
    }

    @Test
    void aRunCanceledWhileTheClientWaitsEndsTheWaitWithItsOwnCode() {
        List<String> canceled = new ArrayList<>();
        assertThatThrownBy(() -> client().queries().execute(QueryRequest.of(ENDLESS).withWaitTimeout(Duration.ZERO), WAIT,
                (what, elapsed) -> {
                    if (canceled.isEmpty()) {
                        canceled.add(runId(what));
                        client().runs().cancel(canceled.get(0));
                    }
                })).isInstanceOfSatisfying(ResultStoreException.class, e -> {
                    assertThat(e.code()).isEqualTo("QUERY_CANCELED");
                    assertThat(e.status()).isZero();
                });
        assertThat(client().runs().get(canceled.get(0)).status()).isEqualTo("canceled");
    }

    @Test
    void aWaitThatRunsOutIsATimeout() {
        assertThatThrownBy(() -> client().queries().execute(QueryRequest.of(ENDLESS).withWaitTimeout(Duration.ZERO),
                Duration.ZERO, WaitListener.NONE)).isInstanceOfSatisfying(ResultStoreException.class, e -> {
                    assertThat(e.code()).isEqualTo("TIMEOUT");
                    assertThat(e.status()).isZero();
                    assertThat(client().runs().cancel(runId(e.getMessage()))).isEqualTo("canceled");
                });
    }

    private static String runId(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("qrun[0-9a-z]{26}").matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group();
    }

    @Test
    void runsArePagedWithTheCursor() {
        client().queries().execute("SELECT 1 AS a", WAIT);
        client().queries().execute("SELECT 2 AS b", WAIT);
        RunList first = client().runs().list(Optional.empty(), 1);
        assertThat(first.queryRuns()).hasSize(1);
        assertThat(first.hasMore()).isTrue();
        RunList second = client().runs().list(first.nextCursor(), 1);
        assertThat(second.queryRuns()).hasSize(1);
        assertThat(second.queryRuns().get(0).id()).isNotEqualTo(first.queryRuns().get(0).id());
        assertThat(second.queryRuns().get(0).createdAt()).isBeforeOrEqualTo(first.queryRuns().get(0).createdAt());
    }

    @Test
    void resultsAreListedPagedAndDeleted() {
        String id = client().queries().execute("SELECT range AS n FROM range(25)", WAIT).resultId().orElseThrow();
        ResultPage ready = client().results().awaitReady(id, WAIT, WaitListener.NONE, Optional.empty());
        assertThat(ready.rowCount()).isEqualTo(25);
        ResultPage page = client().results().page(id, 10, Optional.of(5));
        assertThat(page.rows().toString()).isEqualTo("[[10], [11], [12], [13], [14]]");
        assertThat(page.offset()).isEqualTo(10);
        assertThat(page.hasMore()).isTrue();
        assertThat(client().results().get(id).status()).isEqualTo("ready");

        ResultList list = client().results().list(0, 1000, Optional.of("ready"));
        assertThat(list.results()).extracting(ResultSummary::id).contains(id);
        assertThat(list.results()).allSatisfy(r -> assertThat(r.status()).isEqualTo("ready"));
        assertThat(client().results().all(Optional.of("ready"), 1).map(ResultSummary::id).toList())
                .containsExactlyElementsOf(list.results().stream().map(ResultSummary::id).toList());

        client().results().delete(id);
        assertThatThrownBy(() -> client().results().get(id)).isInstanceOfSatisfying(ResultStoreException.class, e -> {
            assertThat(e.code()).isEqualTo("GONE");
            assertThat(e.status()).isEqualTo(410);
        });
    }

    @ParameterizedTest
    @EnumSource(DownloadFormat.class)
    void everyDownloadFormatIsTheServersBytes(DownloadFormat format, @TempDir Path dir) throws Exception {
        String id = readyResult("SELECT range AS n, 'row ' || range AS label, range / 3.0 AS third FROM range(2000)");
        byte[] expected = serverBytes("/results/" + id + "/data?format=" + format.wireName());
        assertThat(expected).isNotEmpty();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> seen = new ArrayList<>();
        List<OptionalLong> totals = new ArrayList<>();
        long bytes = client().results().download(id, format, out, (done, total) -> {
            seen.add(done);
            totals.add(total);
        });
        assertThat(out.toByteArray()).isEqualTo(expected);
        assertThat(bytes).isEqualTo(expected.length);
        assertThat(seen).isNotEmpty().isSorted().last().isEqualTo((long) expected.length);
        if (format == DownloadFormat.PARQUET) {
            assertThat(totals.get(0)).hasValue(expected.length);
        }

        Path file = dir.resolve("result." + format.wireName());
        Files.writeString(file, "an older file that the download replaces");
        assertThat(client().results().download(id, format, file, Progress.NONE)).isEqualTo(expected.length);
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(file);
        }
    }

    @Test
    void aFailedDownloadLeavesTheTargetFileAlone(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kept.csv");
        Files.writeString(file, "kept");
        assertThatThrownBy(() -> client().results().download("rslt00000000000000000000000000", DownloadFormat.CSV, file,
                Progress.NONE)).isInstanceOfSatisfying(ResultStoreException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(Files.readString(file)).isEqualTo("kept");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(file);
        }
    }

    @Test
    void theArrowReaderReadsTheResultBatchByBatch() throws Exception {
        String id = readyResult("SELECT range AS n FROM range(5000)");
        long rows = 0;
        long sum = 0;
        try (BufferAllocator allocator = new RootAllocator();
             ArrowStreamReader reader = client().results().openArrow(id, allocator)) {
            while (reader.loadNextBatch()) {
                BigIntVector n = (BigIntVector) reader.getVectorSchemaRoot().getVector("n");
                for (int i = 0; i < n.getValueCount(); i++) {
                    sum += n.get(i);
                }
                rows += reader.getVectorSchemaRoot().getRowCount();
            }
        }
        assertThat(rows).isEqualTo(5000);
        assertThat(sum).isEqualTo(4999L * 5000 / 2);
    }

    @Test
    void payloadsArePutResolvedListedAndDeleted() throws Exception {
        Payloads payloads = client().payloads();
        JsonNode data = JsonNodeFactory.instance.objectNode().put("rows", 3).put("name", "ä \"quoted\"");
        PayloadReceipt receipt = payloads.put("901", PayloadPut.of("step_a", data).withScope("step").withTtl("1h")
                .withIdempotencyKey("key-1"));
        assertThat(receipt.ref()).startsWith("noetl://execution/901/result/step_a/");
        assertThat(receipt.scope()).isEqualTo("step");
        assertThat(receipt.expiresAt()).isPresent();
        assertThat(receipt.sha256()).hasSize(64);
        assertThat(payloads.put("901", PayloadPut.of("step_a", data).withIdempotencyKey("key-1")).ref())
                .isEqualTo(receipt.ref());

        assertThat(payloads.resolve(receipt.ref())).isEqualTo(data);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        assertThat(payloads.resolveTo(receipt.ref(), raw)).isEqualTo(raw.size());
        assertThat(raw.toByteArray()).isEqualTo(serverBytes("/api/result/resolve?ref=" + Transport.segment(receipt.ref())));
        assertThat(payloads.latest("901", "step_a")).isEqualTo(data);
        PayloadInfo info = payloads.latestInfo("901", "step_a");
        assertThat(info.ref()).isEqualTo(receipt.ref());
        assertThat(info.bytes()).isEqualTo(receipt.bytes());

        PayloadReceipt nested = payloads.put("901", PayloadPut.of("loop/item 1", JsonNodeFactory.instance.arrayNode().add(1))
                .withScope("execution").withCompress(true));
        assertThat(payloads.latest("901", "loop/item 1").toString()).isEqualTo("[1]");
        PayloadReceipt forever = payloads.put("901", PayloadPut.of("keep", JsonNodeFactory.instance.textNode("k"))
                .withScope("permanent"));
        assertThat(forever.expiresAt()).isEmpty();

        PayloadList list = payloads.list("901", Optional.empty(), Optional.empty());
        assertThat(list.executionId()).isEqualTo("901");
        assertThat(list.refs()).extracting(PayloadInfo::ref).containsExactly(receipt.ref(), nested.ref(), forever.ref());
        assertThat(payloads.list("901", Optional.of("step"), Optional.of("step_a")).refs()).hasSize(1);
        assertThat(payloads.stats()).isNotEmpty();

        assertThat(payloads.deleteStep("901", "step_a")).isEqualTo(1);
        assertThat(payloads.deleteExecution("901", "execution")).isEqualTo(1);
        payloads.deleteRef(forever.ref());
        assertThat(payloads.list("901", Optional.empty(), Optional.empty()).refs()).isEmpty();
        assertThatThrownBy(() -> payloads.resolve(receipt.ref())).isInstanceOfSatisfying(ResultStoreException.class,
                e -> assertThat(e.status()).isIn(404, 410));
    }

    @Test
    void errorsCarryTheApisCodeStatusAndMessage() {
        assertError(() -> client().queries().execute(" ", WAIT), "BAD_REQUEST", 400, "SQL query cannot be empty");
        assertError(() -> client().queries().execute("SELEC 1", WAIT), "SQL_ERROR", 400, "syntax error");
        assertError(() -> client().queries().execute("CREATE TABLE t (a INT)", WAIT), "FORBIDDEN_STATEMENT", 403, "");
        assertError(() -> client().results().get("rslt00000000000000000000000000"), "NOT_FOUND", 404, "");
        assertError(() -> client().results().get("../etc/passwd"), "BAD_REQUEST", 400, "");
        assertError(() -> client().runs().get("qrun00000000000000000000000000"), "NOT_FOUND", 404, "");
        assertError(() -> client().runs().list(Optional.of("not-a-cursor"), 10), "BAD_REQUEST", 400, "");
        assertError(() -> client().payloads().put("bad eid!", PayloadPut.of("a", JsonNodeFactory.instance.nullNode())),
                "BAD_REQUEST", 400, "");
        assertError(() -> client().payloads().resolve("noetl://nonsense"), "BAD_REQUEST", 400, "");
        try (ResultStoreClient anonymous = ResultStoreClient.builder(URI.create(server.server().url())).build()) {
            assertError(() -> anonymous.results().list(0, 10, Optional.empty()), "UNAUTHORIZED", 401, "");
            assertThat(anonymous.health().path("status").asText()).isEqualTo("ok");
        }
        try (ResultStoreClient nowhere = ResultStoreClient.builder(URI.create("http://127.0.0.1:1"))
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            assertError(() -> nowhere.health(), "UNREACHABLE", 0, "cannot reach http://127.0.0.1:1");
        }
    }

    private static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code, int status,
                                    String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ResultStoreException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).isNotBlank().contains(message);
        });
    }

    static String readyResult(String sql) {
        String id = client().queries().execute(sql, WAIT).resultId().orElseThrow();
        client().results().awaitReady(id, WAIT, WaitListener.NONE, Optional.of(1));
        return id;
    }

    static byte[] serverBytes(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(server.server().url() + path))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }
}
