package io.resultstore.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.testing.Await;
import io.resultstore.testing.HeldPublish;
import io.resultstore.testing.Http;
import io.resultstore.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admission over HTTP: 503 with Retry-After when busy, 413 for long SQL, and no admitted result lost. */
class AdmissionEndpointTest {
    @TempDir
    Path dir;

    @Test
    void aBusyServerAnswers503WithRetryAfterAndAdmitsAgainOnceAStatementEnds() {
        try (TestServer server = TestServer.builder(dir).set("query.max_concurrent", "1")
                .set("query.queue_timeout", "100ms").set("query.max_sql_bytes", "200").start()) {
            Http http = server.http();
            Http.Response slow = http.post("/query",
                    "{\"sql\":\"SELECT count(*) FROM range(1000000000000) a\",\"wait_timeout_ms\":0}");
            assertThat(slow.status()).isEqualTo(202);
            String runId = slow.json().path("query_run_id").asText();
            int runsBefore = http.get("/query-runs").json().path("query_runs").size();

            Http.Response busy = http.query("SELECT 1");
            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.errorCode()).isEqualTo("UNAVAILABLE");
            assertThat(busy.raw().headers().firstValue("Retry-After")).contains("1");
            assertThat(busy.errorMessage()).startsWith("server is busy: 1 statements are running");
            assertThat(server.app().admission().refusedBusy()).isEqualTo(1);
            // A refused statement leaves no run behind.
            assertThat(http.get("/query-runs").json().path("query_runs").size()).isEqualTo(runsBefore);

            Http.Response tooLong = http.query("SELECT '" + "x".repeat(300) + "'");
            assertThat(tooLong.status()).isEqualTo(413);
            assertThat(tooLong.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
            assertThat(tooLong.errorMessage()).isEqualTo("SQL text is larger than the limit of 200 bytes (query.max_sql_bytes)");

            assertThat(http.post("/query-runs/" + runId + "/cancel", "").status()).isEqualTo(200);
            Await.until("the canceled statement gives its slot back", () -> server.app().admission().running() == 0);
            assertThat(http.query("SELECT 1").status()).isEqualTo(200);
        }
    }

    @Test
    void aFullWriterBacklogRefusesNewQueriesAndEveryAnsweredResultIsStored() throws Exception {
        HeldPublish held = new HeldPublish();
        try (TestServer server = TestServer.builder(dir).set("persistence.max_backlog", "2")
                .set("persistence.concurrency", "1").wrapStorage(held::wrap).start()) {
            Http http = server.http();
            List<String> answered = new ArrayList<>();
            answered.add(http.query("SELECT 1 AS n").json().path("result_id").asText());
            held.awaitPublishing();
            answered.add(http.query("SELECT 2 AS n").json().path("result_id").asText());
            Await.until("two results wait for the writer", () -> server.app().persister().inFlight() == 2);

            Http.Response refused = http.query("SELECT 3 AS n");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.errorCode()).isEqualTo("UNAVAILABLE");
            assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.errorMessage()).isEqualTo(
                    "server is busy writing earlier results (2 or more waiting, persistence.max_backlog), retry later");
            assertThat(server.app().admission().refusedBacklog()).isEqualTo(1);

            held.release();
            for (int i = 0; i < answered.size(); i++) {
                JsonNode result = http.awaitResult(answered.get(i));
                assertThat(result.path("status").asText()).isEqualTo("ready");
                assertThat(result.path("rows").toString()).isEqualTo("[[" + (i + 1) + "]]");
            }
            Await.until("the backlog drains", () -> server.app().persister().inFlight() == 0);
            assertThat(http.query("SELECT 3 AS n").status()).isEqualTo(200);
        }
    }
}
