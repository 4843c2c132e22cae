package io.resultstore.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.resultstore.error.ApiException;
import io.resultstore.result.ResultRepository;
import io.resultstore.testing.Await;
import io.resultstore.testing.ForwardingCatalog;
import io.resultstore.testing.ForwardingResults;
import io.resultstore.testing.HeldPublish;
import io.resultstore.testing.Http;
import io.resultstore.testing.RestartablePostgres;
import io.resultstore.testing.S3Server;
import io.resultstore.testing.SharedBackends;
import io.resultstore.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops under two running replicas and starts again later: requests answer 503 quickly, a writer
 * that finished its file meanwhile retries its final catalog update, and after the outage (longer than
 * {@code results.stale_after}) neither replica's sweeper fails that live writer's result.
 */
class CatalogOutageTest {
    private static final Duration STALE_AFTER = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @Test
    void duringAnOutageRequestsAnswer503QuicklyAndAfterItEverythingRecoversWithoutLosingAFinishedWrite()
            throws Exception {
        try (RestartablePostgres pg = RestartablePostgres.start(dir.resolve("pg"))) {
            SharedBackends backends = new SharedBackends(pg.newDatabase(), S3Server.newBucket());
            AtomicBoolean aHeldBack = new AtomicBoolean();
            HeldPublish held = new HeldPublish();
            // A's catalog access comes back later than B's, as it may on any busy replica: its heartbeat and its
            // writer's final update stay refused until the test lets them through.
            try (TestServer a = node(backends, "a").wrapCatalog(real -> new ForwardingCatalog(real) {
                        @Override
                        public void heartbeat(String owner, Instant now) {
                            refuseWhile(aHeldBack);
                            super.heartbeat(owner, now);
                        }

                        @Override
                        public ResultRepository results() {
                            return new ForwardingResults(super.results()) {
                                @Override
                                public boolean markReady(String id, String storageKey, long bytes, Instant completedAt,
                                        Optional<Instant> expiresAt) {
                                    refuseWhile(aHeldBack);
                                    return super.markReady(id, storageKey, bytes, completedAt, expiresAt);
                                }
                            };
                        }
                    }).wrapStorage(held::wrap).start();
                    TestServer b = node(backends, "b").start()) {
                String id = a.http().query("SELECT range AS n FROM range(1000)").json().path("result_id").asText();
                String known = b.http().query("SELECT 1 AS one").json().path("result_id").asText();
                b.http().awaitResult(known);
                held.awaitPublishing();

                aHeldBack.set(true);
                pg.stop();
                long down = System.nanoTime();
                List<Long> latencies = requestsDuringOutage(a, b, id, known);
                System.out.printf("during the outage %d requests answered 503 in at most %d ms%n", latencies.size(),
                        latencies.stream().mapToLong(Long::longValue).max().orElseThrow());
                // A hang bound, not a speed check: left to themselves the requests would wait out the 30 s socket
                // timeout; the pool gives up after 2 s.
                assertThat(latencies).allMatch(ms -> ms < 15_000);

                // The file is complete while the catalog is still down: its final update must wait and retry.
                held.release();
                Thread.sleep(Math.max(0, STALE_AFTER.toMillis() * 2 - (System.nanoTime() - down) / 1_000_000));

                pg.startAgain();
                long up = System.nanoTime();
                b.http().await("/health", j -> j.path("status").asText().equals("ok"));
                System.out.printf("B healthy %d ms after PostgreSQL came back%n", (System.nanoTime() - up) / 1_000_000);
                Thread.sleep(1_000); // B sweeps ten times while A's heartbeat is older than stale_after
                aHeldBack.set(false);
                a.http().await("/health", j -> j.path("status").asText().equals("ok"));
                System.out.printf("outage lasted %d ms; A (held back 1 s longer) healthy %d ms after PostgreSQL came back%n",
                        (up - down) / 1_000_000, (System.nanoTime() - up) / 1_000_000);

                assertThat(b.http().awaitResult(id).path("status").asText()).isEqualTo("ready");
                System.out.printf("the write finished during the outage was ready %d ms after PostgreSQL came back%n",
                        (System.nanoTime() - up) / 1_000_000);
                assertThat(a.http().query("SELECT count(*) AS c FROM results.\"" + id + "\"").json().path("rows")
                        .toString()).isEqualTo("[[1000]]");
                // Two full stale_after periods later, the sweepers still agree that nothing was orphaned.
                Thread.sleep(STALE_AFTER.toMillis() * 2);
                assertThat(b.http().get("/results/" + id).json().path("status").asText()).isEqualTo("ready");
                assertThat(b.http().get("/results/" + known).json().path("status").asText()).isEqualTo("ready");
                // Nothing was left waiting on the catalog: no writer, no query, on either replica.
                for (TestServer server : List.of(a, b)) {
                    assertThat(server.app().persister().inFlight()).isZero();
                    assertThat(server.app().queries().running()).isZero();
                }
                assertThat(b.http().query("SELECT 2 AS two").status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aQueryThatEndsDuringAnOutageEndsItsRunOnceTheCatalogIsBack() throws Exception {
        try (RestartablePostgres pg = RestartablePostgres.start(dir.resolve("pg"));
                TestServer server = new SharedBackends(pg.newDatabase(), S3Server.newBucket())
                        .node(Files.createDirectories(dir.resolve("a")))
                        .set("query.timeout", "2s")
                        .start()) {
            Http http = server.http();
            String runId = http.post("/query", "{\"sql\": \"SELECT count(*) FROM range(1e12)\", \"wait_timeout_ms\": 0}")
                    .json().path("query_run_id").asText();
            pg.stop();
            // The statement timeout ends the query while its run cannot be updated. A query leaves running() only
            // after its completion was tried, so once it is gone that first attempt has failed.
            Await.until("the query stopped", () -> server.app().queries().running() == 0);
            pg.startAgain();

            // The server lives and heartbeats, so no sweeper would ever end this run: its own completion must land.
            var run = http.await("/query-runs/" + runId, j -> !j.path("status").asText().equals("running"));
            assertThat(run.path("status").asText()).isEqualTo("failed");
            assertThat(run.path("error_message").asText())
                    .isEqualTo("query exceeded the statement timeout of 2 s (query.timeout) and was stopped");
        }
    }

    private static void refuseWhile(AtomicBoolean held) {
        if (held.get()) {
            throw ApiException.unavailable("catalog unavailable, retry later", null);
        }
    }

    private TestServer.Builder node(SharedBackends backends, String name) throws IOException {
        return backends.node(Files.createDirectories(dir.resolve(name)))
                .set("results.stale_after", STALE_AFTER.toSeconds() + "s")
                .set("results.sweep_interval", "100ms");
    }

    /** Every kind of request on both replicas at once; each must answer 503 UNAVAILABLE. Returns their latencies. */
    private static List<Long> requestsDuringOutage(TestServer a, TestServer b, String id, String known)
            throws Exception {
        List<Function<Http, Http.Response>> requests = List.of(
                http -> http.get("/results/" + id),
                http -> http.get("/results/" + known + "/data?format=csv"),
                http -> http.get("/results"),
                http -> http.get("/query-runs"),
                http -> http.query("SELECT 1"),
                http -> http.put("/api/result/9", "{\"name\": \"s\", \"data\": 1}"),
                http -> http.get("/api/result/9/list"),
                http -> http.delete("/results/" + known));
        ExecutorService pool = Executors.newFixedThreadPool(2 * requests.size() + 2);
        try {
            List<CompletableFuture<Long>> timings = new ArrayList<>();
            for (TestServer server : List.of(a, b)) {
                for (Function<Http, Http.Response> request : requests) {
                    timings.add(CompletableFuture.supplyAsync(() -> {
                        long t0 = System.nanoTime();
                        Http.Response r = request.apply(server.http());
                        assertThat(r.status()).as(r.body()).isEqualTo(503);
                        assertThat(r.errorCode()).isEqualTo("UNAVAILABLE");
                        return (System.nanoTime() - t0) / 1_000_000;
                    }, pool));
                }
                timings.add(CompletableFuture.supplyAsync(() -> {
                    long t0 = System.nanoTime();
                    Http.Response r = server.http().get("/health");
                    assertThat(r.status()).isEqualTo(503);
                    assertThat(r.json().path("error").path("message").asText()).isEqualTo("catalog unreachable");
                    return (System.nanoTime() - t0) / 1_000_000;
                }, pool));
            }
            List<Long> latencies = new ArrayList<>();
            for (CompletableFuture<Long> t : timings) {
                latencies.add(t.get(60, TimeUnit.SECONDS));
            }
            return latencies;
        } finally {
            pool.shutdownNow();
        }
    }
}
