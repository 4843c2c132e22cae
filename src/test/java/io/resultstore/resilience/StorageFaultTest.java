package io.resultstore.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.storage.BlobStorage;
import io.resultstore.testing.ForwardingStorage;
import io.resultstore.testing.Http;
import io.resultstore.testing.SmallDisk;
import io.resultstore.testing.TestServer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage that fills up or slows down under a running server: writes that cannot land end {@code failed} naming
 * their stage, requests answer 503 (never 500), nothing stays {@code processing}, and the server serves normally
 * again by itself once the disk has room or storage is fast again.
 */
class StorageFaultTest {
    /** Large enough that its Parquet file cannot fit in the room left on the full disk. */
    private static final String BIG = "{\"sql\": \"SELECT range AS n, md5(range::VARCHAR) AS h FROM range(400000)\","
            + " \"max_inline_rows\": 1}";
    private static final String BLOB = "{\"name\": \"big\", \"data\": \"" + "x".repeat(100_000) + "\"}";

    @TempDir
    Path dir;

    @Test
    void aFullDiskFailsWritesNamingTheStageAnswers503AndRecoversOnceThereIsRoom() throws Exception {
        Optional<SmallDisk> disk = SmallDisk.mount(dir.resolve("disk"), 64);
        // Where mounting is refused the same fault comes from storage answering as a full disk does.
        AtomicBoolean full = new AtomicBoolean();
        Path data = disk.map(d -> d.root().resolve("data")).orElse(dir.resolve("data"));
        System.out.println(disk.isPresent() ? "data directory on a 64 MiB tmpfs" : "mount refused: injected faults");
        try (TestServer server = TestServer.builder(data).wrapStorage(real -> failingWhen(full, real)).start()) {
            Http http = server.http();
            String kept = http.query("SELECT range AS n FROM range(10)").json().path("result_id").asText();
            assertThat(http.awaitResult(kept).path("status").asText()).isEqualTo("ready");
            String keptRef = http.put("/api/result/1", BLOB).json().path("ref").asText();

            // Room for the catalog's rows, none for a result file: the write fails and says where.
            fill(disk, full, 2 << 20);
            String big = http.post("/query", BIG).json().path("result_id").asText();
            JsonNode failed = http.awaitResult(big);
            System.out.println("on a full disk: " + failed);
            assertThat(failed.path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("error_message").asText())
                    .startsWith("persistence failed at " + (disk.isPresent() ? "write" : "publish") + ": ")
                    .containsIgnoringCase("no space left on device");

            // No room at all: writes answer 503, reads keep working.
            fill(disk, full, 0);
            assertThat(status(() -> http.put("/api/result/1", BLOB))).isEqualTo(503);
            for (Supplier<Http.Response> request : List.<Supplier<Http.Response>>of(
                    () -> http.query("SELECT 1"), () -> http.post("/query", BIG),
                    () -> http.put("/api/result/1", "{\"name\": \"small\", \"data\": [1, 2, 3]}"),
                    () -> http.delete("/api/result/1/step/none"), () -> http.get("/health"))) {
                assertThat(status(request)).isIn(200, 503);
            }
            assertThat(http.get("/results/" + kept).json().path("rows").size()).isEqualTo(10);
            assertThat(http.get("/results/" + kept + "/data?format=csv").status()).isEqualTo(200);
            assertThat(resolve(http, keptRef).status()).isEqualTo(200);

            if (disk.isPresent()) {
                disk.get().free();
            }
            full.set(false);
            String after = http.query("SELECT 7 AS n").json().path("result_id").asText();
            assertThat(http.awaitResult(after).path("status").asText()).isEqualTo("ready");
            String ref = http.put("/api/result/1", BLOB).json().path("ref").asText();
            assertThat(resolve(http, ref).body()).hasSize(100_002);
            assertThat(http.awaitResult(http.post("/query", BIG).json().path("result_id").asText())
                    .path("status").asText()).isEqualTo("ready");
            assertThat(http.get("/results?status=processing").json().path("count").asInt()).isZero();
            assertThat(CrashTest.files(data.resolve("staging"))).isEmpty();
        } finally {
            if (disk.isPresent()) {
                disk.get().close();
            }
        }
    }

    @Test
    void slowStorageDelaysWritesWithoutFailingThemOrHoldingUpOtherRequests() throws Exception {
        AtomicBoolean slow = new AtomicBoolean(true);
        // Each write takes longer than stale_after: only the heartbeat keeps the sweeper from failing it.
        try (TestServer server = TestServer.builder(dir.resolve("data"))
                .set("results.stale_after", "1s").set("results.sweep_interval", "100ms")
                .wrapStorage(real -> slowWhen(slow, real, Duration.ofSeconds(5))).start()) {
            Http http = server.http();
            List<String> ids = new ArrayList<>();
            for (Supplier<Http.Response> query : List.<Supplier<Http.Response>>of(() -> http.query("SELECT 1 AS n"),
                    () -> http.query(CrashTest.largeResultSql(1, 50_000)))) {
                String id = query.get().json().path("result_id").asText();
                ids.add(id);
                assertThat(http.get("/results/" + id).json().path("status").asText()).isEqualTo("processing");
                assertThat(http.get("/results/" + id + "/data").status()).isEqualTo(409);
                assertThat(http.query("SELECT * FROM results.\"" + id + "\"").status()).isEqualTo(404);
            }
            assertThat(http.get("/health").status()).isEqualTo(200);
            assertThat(http.query("SELECT 2 AS n").status()).isEqualTo(200);
            String ref = http.put("/api/result/1", BLOB).json().path("ref").asText();
            for (String id : ids) {
                assertThat(http.awaitResult(id).path("status").asText()).isEqualTo("ready");
            }
            assertThat(resolve(http, ref).status()).isEqualTo(200);
            slow.set(false);
            assertThat(http.awaitResult(http.query("SELECT 3 AS n").json().path("result_id").asText())
                    .path("status").asText()).isEqualTo("ready");
        }
    }

    private static void fill(Optional<SmallDisk> disk, AtomicBoolean full, long leaveBytes) throws IOException {
        if (disk.isPresent()) {
            disk.get().fill(leaveBytes);
        } else {
            full.set(true);
        }
    }

    private static int status(Supplier<Http.Response> request) {
        Http.Response r = request.get();
        if (r.status() >= 400) {
            assertThat(r.json().path("error").path("code").asText()).as(r.body()).isIn("UNAVAILABLE");
        }
        return r.status();
    }

    private static Http.Response resolve(Http http, String ref) {
        return http.get("/api/result/resolve?ref=" + URLEncoder.encode(ref, StandardCharsets.UTF_8));
    }

    private static BlobStorage failingWhen(AtomicBoolean full, BlobStorage real) {
        return new ForwardingStorage(real) {
            @Override
            public long publish(Path localFile, String key) throws IOException {
                refuseWhen(full);
                return super.publish(localFile, key);
            }

            @Override
            public void put(String key, byte[] bytes) throws IOException {
                refuseWhen(full);
                super.put(key, bytes);
            }
        };
    }

    private static void refuseWhen(AtomicBoolean full) throws IOException {
        if (full.get()) {
            throw new IOException("No space left on device");
        }
    }

    private static BlobStorage slowWhen(AtomicBoolean slow, BlobStorage real, Duration delay) {
        return new ForwardingStorage(real) {
            @Override
            public long publish(Path localFile, String key) throws IOException {
                pause();
                return super.publish(localFile, key);
            }

            @Override
            public void put(String key, byte[] bytes) throws IOException {
                pause();
                super.put(key, bytes);
            }

            private void pause() {
                if (slow.get()) {
                    try {
                        Thread.sleep(delay);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
    }
}
