package io.resultstore.replica;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.config.ConfigKeys;
import io.resultstore.result.Result;
import io.resultstore.testing.Http;
import io.resultstore.testing.S3Server;
import io.resultstore.testing.ServerProcess;
import io.resultstore.testing.SharedBackends;
import io.resultstore.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replica A is a real server process killed with SIGKILL mid-write (no shutdown hook, no goodbye); replica B
 * fails A's orphaned result and running query within {@code results.stale_after}.
 */
class KilledReplicaTest {
    private static final Duration STALE_AFTER = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @Test
    void bFailsTheWorkOfAKilledReplicaWithinStaleAfter() throws Exception {
        SharedBackends backends = SharedBackends.create();
        Map<String, String> env = new HashMap<>(backends.environment());
        String staleAfter = STALE_AFTER.toSeconds() + "s";
        env.put(ConfigKeys.envName("results.stale_after"), staleAfter);
        env.put(ConfigKeys.envName("node.id"), "1");
        try (TestServer b = backends.node(Files.createDirectories(dir.resolve("b")))
                        .set("node.id", "2")
                        .set("results.stale_after", staleAfter)
                        .set("results.sweep_interval", "200ms")
                        .start();
                ServerProcess a = ServerProcess.start(Files.createDirectories(dir.resolve("a")), env)) {
            Http onA = a.http();
            String runId = onA.post("/query", "{\"sql\": \"SELECT count(*) FROM range(1e12)\", \"wait_timeout_ms\": 0}")
                    .json().path("query_run_id").asText();
            JsonNode big = onA.post("/query", "{\"sql\": \"SELECT range AS n, md5(range::VARCHAR) AS h, random() AS r"
                    + " FROM range(6000000)\", \"max_inline_rows\": 1, \"wait_timeout_ms\": 120000}").json();
            String resultId = big.path("result_id").asText();
            String statusAtKill = b.http().get("/results/" + resultId).json().path("status").asText();
            a.kill();
            long killed = System.nanoTime();

            Http onB = b.http();
            JsonNode run = onB.await("/query-runs/" + runId, j -> !j.path("status").asText().equals("running"));
            long runFailedMs = (System.nanoTime() - killed) / 1_000_000;
            assertThat(run.path("status").asText()).isEqualTo("failed");
            assertThat(run.path("error_message").asText())
                    .isEqualTo("the server running this query stopped before it finished");

            JsonNode result = onB.awaitResult(resultId);
            long resultDoneMs = (System.nanoTime() - killed) / 1_000_000;
            System.out.printf("result was %s at the kill; B failed the orphaned run after %d ms, result %s after %d ms"
                    + " (stale_after %d ms)%n", statusAtKill, runFailedMs, result.path("status").asText(), resultDoneMs,
                    STALE_AFTER.toMillis());
            // The kill nearly always lands mid-write; should the writer have won the race the result is ready.
            if (result.path("status").asText().equals("failed")) {
                assertThat(result.path("error_message").asText())
                        .isEqualTo("the server writing this result stopped before it finished");
            }
            // Safety, not speed: B never fails a replica's work before its heartbeat could have gone stale. A
            // heartbeats every stale_after / 3 (plus scheduling delay on a busy machine), so its last beat was
            // about that long before the kill: B may fail the work from about 2/3 of stale_after on, never at once.
            // How soon after that B acts is printed above (measured 2.3-2.8 s); the await bounds a hang.
            assertThat(runFailedMs).isGreaterThan(STALE_AFTER.toMillis() / 2);
        }
    }

    @Test
    void aFileTheKilledReplicaPublishedJustBeforeItsCatalogUpdateLeavesTheBucket() throws Exception {
        SharedBackends backends = SharedBackends.create();
        try (TestServer b = backends.node(Files.createDirectories(dir.resolve("b"))).start()) {
            String id = "rslt" + "0".repeat(20) + "killed";
            String runId = "qrun" + "0".repeat(20) + "killed";
            // What A left behind: the upload completed, the catalog still says processing, A is gone.
            b.app().catalog().results().insert(Result.processing(id, runId, Instant.now(), 1, List.of()), "node-killed");
            b.app().storage().put(Result.storageKeyFor(id), "PAR1".getBytes(StandardCharsets.US_ASCII));
            assertThat(S3Server.keys(backends.bucket())).containsExactly("rs/" + Result.storageKeyFor(id));

            b.app().sweeper().sweepOnce();

            assertThat(b.http().get("/results/" + id).json().path("status").asText()).isEqualTo("failed");
            assertThat(S3Server.keys(backends.bucket())).isEmpty();
        }
    }
}
