package io.resultstore.result;

import static org.assertj.core.api.Assertions.assertThat;

import io.resultstore.catalog.Catalog;
import io.resultstore.run.QueryRun;
import io.resultstore.run.RunStatus;
import io.resultstore.testing.Http;
import io.resultstore.testing.SettableClock;
import io.resultstore.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
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

    @Test
    void aServerWhoseHeartbeatLaggedGivesTheOthersStaleAfterToBeatAgainBeforeFailingTheirWork() {
        SettableClock clock = new SettableClock(Instant.now());
        try (TestServer server = TestServer.builder(dir).clock(clock).set("results.stale_after", "60s")
                .set("results.sweep_interval", "1h").start()) {
            Sweeper sweeper = server.app().sweeper();
            server.app().catalog().results().insert(Result.processing("rslt0000000000000000000000000d",
                    "qrun0000000000000000000000000d", clock.instant(), 0, List.of()), "node-elsewhere");
            server.app().catalog().heartbeat("node-elsewhere", clock.instant());
            sweeper.heartbeat();

            // 70 s without a beat of our own (a long pause, a lost catalog): the other node's beat is as old as
            // ours, which says nothing about whether it lives.
            clock.advance(Duration.ofSeconds(70));
            assertThat(sweeper.failOrphans()).isZero();
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofSeconds(20));
                sweeper.heartbeat();
            }
            // stale_after of regular beats later, the other node still has not beaten: now it counts as dead.
            assertThat(sweeper.failOrphans()).isEqualTo(1);
            assertThat(server.http().get("/results/rslt0000000000000000000000000d").json().path("status").asText())
                    .isEqualTo("failed");
        }
    }
}
