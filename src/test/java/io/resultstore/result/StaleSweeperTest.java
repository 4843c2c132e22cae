package io.resultstore.result;

import static org.assertj.core.api.Assertions.assertThat;

import io.resultstore.catalog.Catalog;
import io.resultstore.run.QueryRun;
import io.resultstore.run.RunStatus;
import io.resultstore.testing.Http;
import io.resultstore.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Work whose writer is gone is failed; work whose writer is alive is left alone. */
class StaleSweeperTest {
    @TempDir
    Path dir;

    @Test
    void orphanedResultsAndRunsAreFailedWithinStaleAfterWhileLiveOnesAreNot() throws InterruptedException {
        try (TestServer server = TestServer.builder(dir).set("results.stale_after", "1s")
                .set("results.sweep_interval", "100ms").start()) {
            Catalog catalog = server.app().catalog();
            Instant now = Instant.now();
            String ghost = "node-ghost";
            catalog.results().insert(Result.processing("rslt0000000000000000000000000a", "qrun0000000000000000000000000a",
                    now, 0, List.of()), ghost);
            catalog.runs().insert(QueryRun.running("qrun0000000000000000000000000a", "SELECT 1", "h", now), ghost);
            catalog.results().insert(Result.processing("rslt0000000000000000000000000b", "qrun0000000000000000000000000b",
                    now, 0, List.of()), server.app().owner());

            Http http = server.http();
            var failed = http.await("/results/rslt0000000000000000000000000a",
                    j -> j.path("status").asText().equals("failed"));
            assertThat(failed.path("error_message").asText()).isEqualTo("the server writing this result stopped before it finished");
            var run = http.await("/query-runs/qrun0000000000000000000000000a", j -> !j.path("status").asText().equals("running"));
            assertThat(run.path("status").asText()).isEqualTo(RunStatus.FAILED.wire());
            assertThat(run.path("error_message").asText()).isNotBlank();

            Thread.sleep(2_000); // well past stale_after: a heartbeating owner keeps its work
            assertThat(http.get("/results/rslt0000000000000000000000000b").json().path("status").asText())
                    .isEqualTo("processing");
        }
    }

    @Test
    void atStartupTheEmbeddedServerFailsWhateverAnEarlierProcessLeftProcessing() {
        try (TestServer server = TestServer.start(dir)) {
            server.app().catalog().results().insert(Result.processing("rslt0000000000000000000000000c",
                    "qrun0000000000000000000000000c", Instant.now(), 0, List.of()), "node-previous");
            server.app().catalog().heartbeat("node-previous", Instant.now());
        }
        try (TestServer server = TestServer.start(dir)) {
            assertThat(server.http().get("/results/rslt0000000000000000000000000c").json().path("status").asText())
                    .isEqualTo("failed");
        }
    }
}
