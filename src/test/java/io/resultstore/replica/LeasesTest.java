package io.resultstore.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.resultstore.catalog.Catalog;
import io.resultstore.result.Result;
import io.resultstore.run.QueryRun;
import io.resultstore.storage.BlobStorage;
import io.resultstore.testing.Concurrently;
import io.resultstore.testing.ForwardingStorage;
import io.resultstore.testing.HeldPublish;
import io.resultstore.testing.Http;
import io.resultstore.testing.S3Server;
import io.resultstore.testing.SharedBackends;
import io.resultstore.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replica B's sweeper against replica A's work: a live writer keeps its lease however long it takes, and
 * concurrent sweepers fail each orphan and delete each queued file exactly once.
 */
class LeasesTest {
    @TempDir
    Path dir;

    private TestServer node(SharedBackends backends, String name, String sweepInterval,
            UnaryOperator<BlobStorage> wrapStorage) throws IOException {
        return backends.node(Files.createDirectories(dir.resolve(name)))
                .set("results.stale_after", "1s")
                .set("results.sweep_interval", sweepInterval)
                .set("results.delete_grace", "0s")
                .wrapStorage(wrapStorage)
                .start();
    }

    /** Storage whose uploads take {@code millis}: a writer that is alive but slow. */
    private static UnaryOperator<BlobStorage> slowPublish(long millis) {
        return real -> new ForwardingStorage(real) {
            @Override
            public long publish(Path localFile, String key) throws IOException {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                return super.publish(localFile, key);
            }
        };
    }

    @Test
    void aLiveWriterOnAIsNeverFailedByTheSweeperOfB() throws Exception {
        SharedBackends backends = SharedBackends.create();
        HeldPublish held = new HeldPublish();
        try (TestServer a = node(backends, "a", "100ms", held::wrap);
                TestServer b = node(backends, "b", "100ms", UnaryOperator.identity())) {
            String id = a.http().query("SELECT range AS n FROM range(100)").json().path("result_id").asText();
            Http.Response endless = a.http().post("/query", "{\"sql\": \"SELECT count(*) FROM range(1e12)\","
                    + " \"wait_timeout_ms\": 0}");
            String runId = endless.json().path("query_run_id").asText();
            held.awaitPublishing();

            // Over twice stale_after, about twenty-five sweeps of B: A's heartbeat keeps its write and its query
            // alive. The write is held at its publish meanwhile, so it cannot have finished early.
            try {
                Thread.sleep(2_500);
                assertThat(b.http().get("/results/" + id).json().path("status").asText()).isEqualTo("processing");
                assertThat(b.http().get("/query-runs/" + runId).json().path("status").asText()).isEqualTo("running");
            } finally {
                held.release();
            }
            assertThat(b.http().awaitResult(id).path("status").asText()).isEqualTo("ready");
            assertThat(b.http().get("/results/" + id).json().path("row_count").asLong()).isEqualTo(100);
            assertThat(b.http().post("/query-runs/" + runId + "/cancel", "").status()).isEqualTo(200);
        }
    }

    @Test
    void aReplicaStoppingGracefullyFinishesItsWritesBeforeItsWorkCountsAsOrphaned() throws Exception {
        SharedBackends backends = SharedBackends.create();
        try (TestServer b = node(backends, "b", "100ms", UnaryOperator.identity())) {
            TestServer a = node(backends, "a", "100ms", slowPublish(2_000));
            String id = a.http().query("SELECT 1 AS one").json().path("result_id").asText();
            a.close(); // waits for the queued write; B sweeps all the while

            assertThat(b.http().get("/results/" + id).json().path("status").asText()).isEqualTo("ready");
            assertThat(S3Server.keys(backends.bucket())).contains("rs/results/" + id + "/data.parquet");
        }
    }

    @Test
    void concurrentSweepersOnAAndBFailEachOrphanAndDeleteEachQueuedFileExactlyOnce() throws Exception {
        SharedBackends backends = SharedBackends.create();
        Map<String, AtomicInteger> deletes = new ConcurrentHashMap<>();
        UnaryOperator<BlobStorage> countDeletes = real -> new ForwardingStorage(real) {
            @Override
            public void delete(String key) throws IOException {
                deletes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                super.delete(key);
            }
        };
        // Sweeps run only when the test calls them; heartbeats still run every stale_after / 3.
        try (TestServer a = node(backends, "a", "1h", countDeletes);
                TestServer b = node(backends, "b", "1h", countDeletes)) {
            Catalog catalog = a.app().catalog();
            Instant now = Instant.now();
            int orphans = 60;
            for (int i = 0; i < orphans; i++) {
                String suffix = String.format("%026d", i);
                catalog.results().insert(Result.processing("rslt" + suffix, "qrun" + suffix, now, 0, List.of()),
                        "node-dead");
                catalog.runs().insert(QueryRun.running("qrun" + suffix, "SELECT 1", "h", now), "node-dead");
            }
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ids.add(a.http().query("SELECT " + i + " AS i").json().path("result_id").asText());
            }
            ids.forEach(id -> a.http().awaitResult(id));
            ids.forEach(id -> assertThat(b.http().delete("/results/" + id).status()).isEqualTo(204));

            List<Integer> failed = Concurrently.run(List.<Callable<Integer>>of(a.app().sweeper()::failOrphans,
                    b.app().sweeper()::failOrphans, a.app().sweeper()::failOrphans, b.app().sweeper()::failOrphans));
            assertThat(failed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2 * orphans);
            assertThat(b.http().get("/results?status=processing").json().path("count").asInt()).isZero();
            assertThat(b.http().get("/results/rslt" + String.format("%026d", 0)).json().path("error_message").asText())
                    .isEqualTo("the server writing this result stopped before it finished");

            Concurrently.run(List.<Callable<Integer>>of(() -> sweepDeletions(a), () -> sweepDeletions(b),
                    () -> sweepDeletions(a), () -> sweepDeletions(b)));
            // The ten deleted results and the sixty orphans, whose writers might have published a file before dying.
            assertThat(deletes).hasSize(10 + orphans);
            for (String id : ids) {
                assertThat(deletes.get("results/" + id + "/data.parquet")).as(id).hasValue(1);
            }
            assertThat(deletes.values()).allMatch(count -> count.get() == 1);
            assertThat(S3Server.keys(backends.bucket())).noneMatch(k -> k.startsWith("rs/results/"));
        }
    }

    private static int sweepDeletions(TestServer server) {
        server.app().sweeper().deleteQueuedBlobs();
        return 0;
    }

}
