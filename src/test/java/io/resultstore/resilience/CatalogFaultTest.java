package io.resultstore.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.resultstore.testing.Concurrently;
import io.resultstore.testing.HeldPublish;
import io.resultstore.testing.Http;
import io.resultstore.testing.RestartablePostgres;
import io.resultstore.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops while results are being written and payloads stored: every request answers 503 (never
 * 500), a payload refused for the outage leaves no blob behind, and once the database is back the server is
 * healthy by itself with every result finished and nothing {@code processing}.
 */
class CatalogFaultTest {
    private static final String BLOB = "{\"name\": \"big\", \"data\": \"" + "x".repeat(100_000) + "\"}";

    @TempDir
    Path dir;

    @Test
    void aStoppedCatalogGets503sAndEveryWriteInFlightFinishesOnceItIsBack() throws Exception {
        HeldPublish held = new HeldPublish();
        try (RestartablePostgres pg = RestartablePostgres.start(dir.resolve("pg"));
                TestServer server = TestServer.builder(dir.resolve("data"))
                        .set("catalog.type", "postgres").set("catalog.url", pg.newDatabase())
                        .set("catalog.pool_size", "4").set("results.stale_after", "2s")
                        .set("results.sweep_interval", "100ms")
                        .wrapStorage(held::wrap).start()) {
            Http http = server.http();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ids.add(http.post("/query", "{\"sql\": \"" + CrashTest.largeResultSql(i + 1, 50_000)
                        + "\", \"max_inline_rows\": 1}").json().path("result_id").asText());
            }
            String ref = http.put("/api/result/1", "{\"name\": \"small\", \"data\": [1]}").json().path("ref").asText();
            held.awaitPublishing();

            pg.stop();
            held.release();
            // All at once: each waits up to the pool's 2 s for a connection before it gives up.
            List<Http.Response> answers = Concurrently.run(List.<Callable<Http.Response>>of(
                    () -> http.query("SELECT 1"), () -> http.get("/results/" + ids.get(0)), () -> http.get("/results"),
                    () -> http.get("/query-runs"), () -> http.put("/api/result/1", BLOB),
                    () -> http.put("/api/result/1", "{\"name\": \"small\", \"data\": [2]}"),
                    () -> http.get("/api/result/resolve?ref=" + URLEncoder.encode(ref, StandardCharsets.UTF_8)),
                    () -> http.delete("/results/" + ids.get(1)), () -> http.get("/api/result/stats"),
                    () -> http.get("/health")));
            for (Http.Response r : answers) {
                assertThat(r.status()).as(r.body()).isEqualTo(503);
                assertThat(r.json().path("error").path("code").asText()).isEqualTo("UNAVAILABLE");
            }
            assertThat(CrashTest.files(dir.resolve("data/blobs/payloads"))).as("blobs of refused payloads").isEmpty();

            pg.startAgain();
            http.await("/health", j -> j.path("status").asText().equals("ok"));
            for (String id : ids) {
                assertThat(http.awaitResult(id).path("status").asText()).as(id).isEqualTo("ready");
            }
            assertThat(http.get("/results?status=processing").json().path("count").asInt()).isZero();
            assertThat(http.get("/api/result/resolve?ref=" + URLEncoder.encode(ref, StandardCharsets.UTF_8)).body())
                    .isEqualTo("[1]");
            assertThat(http.awaitResult(http.query("SELECT 2 AS n").json().path("result_id").asText())
                    .path("status").asText()).isEqualTo("ready");
            assertThat(server.app().persister().inFlight()).isZero();
        }
    }
}
