package io.resultstore.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Json;
import io.resultstore.result.Result;
import io.resultstore.result.ResultRepository;
import io.resultstore.testing.Await;
import io.resultstore.testing.ForwardingCatalog;
import io.resultstore.testing.ForwardingResults;
import io.resultstore.testing.Http;
import io.resultstore.testing.SharedServer;
import io.resultstore.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class QueryRunsTest {
    private static final String ENDLESS = "SELECT count(*) FROM range(1e12)";

    @RegisterExtension
    static final SharedServer shared = new SharedServer();
    static final Http http = shared.http();

    private static Http.Response submit(String sql, long waitMs) {
        return http.post("/query", Json.MAPPER.createObjectNode().put("sql", sql).put("wait_timeout_ms", waitMs).toString());
    }

    @Test
    void listingPagesNewestFirstThroughOpaqueCursors() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mine.add(http.query("SELECT " + i + " AS i").json().path("query_run_id").asText());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Http.Response page = http.get("/query-runs?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            JsonNode body = page.json();
            assertThat(body.path("limit").asInt()).isEqualTo(2);
            assertThat(body.path("count").asInt()).isEqualTo(body.path("query_runs").size()).isLessThanOrEqualTo(2);
            body.path("query_runs").forEach(r -> seen.add(r.path("id").asText()));
            cursor = body.path("next_cursor").isNull() ? null : body.path("next_cursor").asText();
            assertThat(body.path("has_more").asBoolean()).isEqualTo(cursor != null);
        } while (cursor != null);
        assertThat(new HashSet<>(seen)).hasSameSizeAs(seen);
        List<String> newestFirst = new ArrayList<>(mine.reversed());
        assertThat(seen.stream().filter(mine::contains).toList()).isEqualTo(newestFirst);
    }

    @Test
    void aBadCursorIsABadRequest() {
        for (String bad : List.of("nonsense", "MTIzOnFydW4", "%3D%3D%3D", "MTIzNDU2Nzg5OnJzbHQwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAw")) {
            Http.Response r = http.get("/query-runs?cursor=" + bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("BAD_REQUEST");
            assertThat(r.errorMessage()).isEqualTo("invalid cursor");
        }
    }

    @Test
    void limitIsClampedToOneThroughOneThousand() {
        http.query("SELECT 1");
        assertThat(http.get("/query-runs?limit=0").json().path("limit").asInt()).isEqualTo(1);
        assertThat(http.get("/query-runs?limit=0").json().path("query_runs").size()).isEqualTo(1);
        assertThat(http.get("/query-runs?limit=5000").json().path("limit").asInt()).isEqualTo(1000);
        assertThat(http.get("/query-runs").json().path("limit").asInt()).isEqualTo(100);
        assertThat(http.get("/query-runs?limit=ten").status()).isEqualTo(400);
    }

    @Test
    void detailCarriesTheLiveStatusOfItsResult() {
        JsonNode answer = http.query("SELECT 7 AS seven").json();
        String runId = answer.path("query_run_id").asText();
        String resultId = answer.path("result_id").asText();
        http.awaitResult(resultId);

        JsonNode run = http.get("/query-runs/" + runId).json();
        assertThat(run.path("id").asText()).isEqualTo(runId);
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(run.path("sql_text").asText()).isEqualTo("SELECT 7 AS seven");
        assertThat(run.path("sql_hash").asText()).matches("[0-9a-f]{64}");
        assertThat(run.path("result_id").asText()).isEqualTo(resultId);
        assertThat(run.path("result_status").asText()).isEqualTo("ready");
        assertThat(run.path("row_count").asLong()).isEqualTo(1);
        assertThat(run.path("error_message").isNull()).isTrue();
        assertThat(Instant.parse(run.path("completed_at").asText())).isAfterOrEqualTo(Instant.parse(run.path("created_at").asText()));

        http.delete("/results/" + resultId);
        assertThat(http.get("/query-runs/" + runId).json().path("result_status").asText()).isEqualTo("deleted");
        JsonNode listed = http.get("/query-runs?limit=1000").json().path("query_runs");
        for (JsonNode r : listed) {
            if (r.path("id").asText().equals(runId)) {
                assertThat(r.path("result_status").asText()).isEqualTo("deleted");
            }
        }
    }

    @Test
    void unknownAndMalformedRunIds() {
        assertThat(http.get("/query-runs/qrun00000000000000000000000000").status()).isEqualTo(404);
        assertThat(http.get("/query-runs/rslt00000000000000000000000000").status()).isEqualTo(400);
        assertThat(http.post("/query-runs/../cancel", "").status()).isIn(400, 404);
        assertThat(http.post("/query-runs/qrun00000000000000000000000000/cancel", "").status()).isEqualTo(404);
    }

    @Test
    void cancelStopsARunningStatementAndFreesTheEngine() {
        Http.Response started = submit(ENDLESS, 0);
        assertThat(started.status()).isEqualTo(202);
        String runId = started.json().path("query_run_id").asText();
        assertThat(started.json().path("status").asText()).isEqualTo("running");
        awaitEngineBusy();
        pause(300); // let the statement get deep into the engine, so that cancel has to interrupt it

        long t0 = System.nanoTime();
        Http.Response canceled = http.post("/query-runs/" + runId + "/cancel", "");
        assertThat(canceled.status()).as(canceled.body() + http.get("/query-runs/" + runId).body()).isEqualTo(200);
        assertThat(canceled.json().toString()).isEqualTo("{\"id\":\"" + runId + "\",\"status\":\"canceled\"}");
        awaitEngineIdle();
        System.out.printf("canceled statement released the engine in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        JsonNode run = http.get("/query-runs/" + runId).json();
        assertThat(run.path("status").asText()).isEqualTo("canceled");
        assertThat(run.path("result_id").isNull()).isTrue();
        assertThat(run.path("completed_at").isNull()).isFalse();

        Http.Response again = http.post("/query-runs/" + runId + "/cancel", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorMessage()).isEqualTo("query run " + runId + " is already canceled");
    }

    @Test
    void aCancelThatLandsJustAsTheStatementEndsLeavesNoResultBehind(@TempDir Path other) throws Exception {
        // The cancel reaches another replica, which marks the run canceled right before this one completes it.
        try (TestServer racing = TestServer.builder(other).wrapCatalog(real -> new ForwardingCatalog(real) {
            @Override
            public ResultRepository results() {
                return new ForwardingResults(super.results()) {
                    @Override
                    public boolean insertCompletingRun(Result result, String owner, RunCompletion completion) {
                        real.runs().complete(result.queryRunId(), new RunCompletion(RunStatus.CANCELED,
                                Optional.empty(), Optional.empty(), 0, Optional.of("canceled by request"),
                                completion.completedAt()));
                        return super.insertCompletingRun(result, owner, completion);
                    }
                };
            }
        }).start()) {
            Http.Response answer = racing.http().query("SELECT 1 AS one");
            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.errorMessage()).isEqualTo("query was canceled");
            JsonNode run = racing.http().get("/query-runs?limit=1").json().path("query_runs").get(0);
            assertThat(run.path("status").asText()).isEqualTo("canceled");
            assertThat(run.path("result_id").isNull()).isTrue();

            Await.until("no write in flight", () -> racing.app().persister().inFlight() == 0);
            racing.app().sweeper().deleteQueuedBlobs();
            assertThat(racing.http().get("/results").json().path("count").asInt()).isZero();
            try (var files = Files.walk(other.resolve("blobs"))) {
                assertThat(files.filter(Files::isRegularFile)).isEmpty();
            }
        }
    }

    @Test
    void cancelingAFinishedRunIsAConflict() {
        String runId = http.query("SELECT 1").json().path("query_run_id").asText();
        Http.Response r = http.post("/query-runs/" + runId + "/cancel", "");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.errorCode()).isEqualTo("CONFLICT");
        assertThat(r.errorMessage()).isEqualTo("query run " + runId + " is already succeeded");
    }

    @Test
    void aQueryOutlivingTheWaitAnswers202AndItsRunLaterCarriesTheResult() {
        Http.Response r = submit("SELECT 40 + 2 AS answer", 0);
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().size()).isEqualTo(2);
        String runId = r.json().path("query_run_id").asText();
        JsonNode done = http.await("/query-runs/" + runId, j -> j.path("result_status").asText().equals("ready"));
        assertThat(done.path("status").asText()).isEqualTo("succeeded");
        assertThat(done.path("row_count").asLong()).isEqualTo(1);
        String resultId = done.path("result_id").asText();
        assertThat(http.get("/results/" + resultId).json().path("rows").toString()).isEqualTo("[[42]]");

        Http.Response slow = submit("SELECT sum(range) AS s FROM range(300000000)", 1);
        assertThat(slow.status()).isEqualTo(202);
        JsonNode finished = http.await("/query-runs/" + slow.json().path("query_run_id").asText(),
                j -> j.path("status").asText().equals("succeeded"));
        assertThat(finished.path("result_id").asText()).startsWith("rslt");
    }

    @Test
    void aRunWhoseServerDiedIsFailedByTheSweeper() {
        String runId = "qrun" + "0".repeat(10) + "deadserverrun000";
        shared.server().app().catalog().runs().insert(QueryRun.running(runId, "SELECT 1", "0".repeat(64), Instant.now()),
                "node-gone-for-good");
        shared.server().app().sweeper().failOrphans();
        JsonNode run = http.get("/query-runs/" + runId).json();
        assertThat(run.path("status").asText()).isEqualTo("failed");
        assertThat(run.path("error_message").asText()).isEqualTo("the server running this query stopped before it finished");
    }

    @Test
    void theStatementTimeoutFailsARunawayQueryWithAClearMessage(@TempDir Path other) {
        try (TestServer limited = TestServer.builder(other).set("query.timeout", "300ms").start()) {
            Http client = limited.http();
            Http.Response r = client.query(ENDLESS);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("SQL_ERROR");
            String message = "query exceeded the statement timeout of 300 ms (query.timeout) and was stopped";
            assertThat(r.errorMessage()).isEqualTo(message);
            JsonNode run = client.get("/query-runs?limit=1").json().path("query_runs").get(0);
            assertThat(run.path("status").asText()).isEqualTo("failed");
            assertThat(run.path("error_message").asText()).isEqualTo(message);
            assertThat(limited.app().queries().running()).isZero();

            Http.Response background = client.post("/query",
                    Json.MAPPER.createObjectNode().put("sql", ENDLESS).put("wait_timeout_ms", 0).toString());
            String runId = background.json().path("query_run_id").asText();
            JsonNode failed = client.await("/query-runs/" + runId, j -> !j.path("status").asText().equals("running"));
            assertThat(failed.path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("error_message").asText()).isEqualTo(message);
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitEngineBusy() {
        awaitRunning(n -> n > 0);
    }

    private static void awaitEngineIdle() {
        awaitRunning(n -> n == 0);
    }

    private static void awaitRunning(java.util.function.IntPredicate done) {
        Await.until("engine in the expected state", () -> done.test(shared.server().app().queries().running()));
    }
}
