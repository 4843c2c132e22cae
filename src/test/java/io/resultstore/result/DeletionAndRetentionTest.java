package io.resultstore.result;

import io.resultstore.testing.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.testing.ForwardingStorage;
import io.resultstore.testing.Await;
import io.resultstore.testing.HeldPublish;
import io.resultstore.testing.Http;
import io.resultstore.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeletionAndRetentionTest {
    @TempDir
    Path dir;

    private static String readyResult(Http http, String sql) {
        Http.Response r = http.query(sql);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String id = r.json().path("result_id").asText();
        assertThat(http.awaitResult(id).path("status").asText()).isEqualTo("ready");
        return id;
    }

    private Path dataFile(String id) {
        return dir.resolve("blobs").resolve(Result.storageKeyFor(id));
    }

    @Test
    void deleteAnswers204ThenGoneAndTheFileGoesAfterTheGrace() {
        try (TestServer server = TestServer.builder(dir).set("results.delete_grace", "2s")
                .set("results.sweep_interval", "100ms").start()) {
            Http http = server.http();
            String id = readyResult(http, "SELECT 1 AS one");
            assertThat(dataFile(id)).exists();

            assertThat(http.delete("/results/" + id).status()).isEqualTo(204);
            Http.Response gone = http.get("/results/" + id);
            assertThat(gone.status()).isEqualTo(410);
            assertThat(gone.errorCode()).isEqualTo("GONE");
            assertThat(gone.errorMessage()).isEqualTo("result " + id + " was deleted");
            assertThat(http.delete("/results/" + id).status()).isEqualTo(410);
            assertThat(http.query("SELECT * FROM results.\"" + id + "\"").status()).isEqualTo(404);
            assertThat(http.get("/results").body()).doesNotContain(id);
            // Readers that opened the file just before the delete may still finish within the grace period.
            assertThat(dataFile(id)).exists();

            Await.until("file deleted, queue empty", () -> !Files.exists(dataFile(id)) && server.app().catalog().deletions().pending() == 0);
            assertThat(http.get("/results/" + id).status()).isEqualTo(410);
        }
    }

    @Test
    void deletingUnknownOrMalformedIds() {
        try (TestServer server = TestServer.start(dir)) {
            assertThat(server.http().delete("/results/rslt00000000000000000000000000").status()).isEqualTo(404);
            assertThat(server.http().delete("/results/..%2Fcatalog.db").status()).isEqualTo(400);
        }
    }

    @Test
    void aResultDeletedWhileItIsWrittenNeverLeavesAFile() throws Exception {
        HeldPublish held = new HeldPublish();
        try (TestServer server = TestServer.builder(dir).set("results.delete_grace", "0s")
                .set("results.sweep_interval", "100ms").wrapStorage(held::wrap).start()) {
            Http http = server.http();
            String id = http.query("SELECT 5 AS five").json().path("result_id").asText();
            held.awaitPublishing();
            assertThat(http.delete("/results/" + id).status()).isEqualTo(204);
            held.release();
            Await.until("writes done, queue empty", () -> server.app().persister().inFlight() == 0
                    && server.app().catalog().deletions().pending() == 0);
            assertThat(dataFile(id)).doesNotExist();
            assertThat(http.get("/results/" + id).status()).isEqualTo(410);
        } finally {
            held.release();
        }
    }

    @Test
    void retentionExpiresReadyResultsAndTheirFilesGoAfterTheGrace() {
        SettableClock clock = new SettableClock(Instant.now());
        try (TestServer server = TestServer.builder(dir).clock(clock).set("results.retention", "1h")
                .set("results.delete_grace", "1m").set("results.sweep_interval", "1h").start()) {
            Http http = server.http();
            String id = readyResult(http, "SELECT 'keep me a while' AS s");
            JsonNode listed = http.get("/results?limit=1").json().path("results").get(0);
            assertThat(listed.path("id").asText()).isEqualTo(id);
            Instant expiresAt = Instant.parse(listed.path("expires_at").asText());
            assertThat(expiresAt).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).plus(Duration.ofHours(1)));

            clock.advance(Duration.ofMinutes(59));
            sweep(server);
            assertThat(http.get("/results/" + id).json().path("status").asText()).isEqualTo("ready");

            clock.advance(Duration.ofMinutes(2));
            sweep(server);
            Http.Response expired = http.get("/results/" + id);
            assertThat(expired.status()).isEqualTo(410);
            assertThat(expired.errorMessage()).isEqualTo("result " + id + " was expired");
            assertThat(dataFile(id)).exists();

            clock.advance(Duration.ofMinutes(2));
            sweep(server);
            assertThat(dataFile(id)).doesNotExist();
            assertThat(server.app().catalog().deletions().pending()).isZero();
        }
    }

    @Test
    void aResultOrphanedMidWriteIsStillRemovedByRetention() throws Exception {
        SettableClock clock = new SettableClock(Instant.now());
        HeldPublish held = new HeldPublish();
        try (TestServer server = TestServer.builder(dir).clock(clock).set("results.retention", "1h")
                .set("results.delete_grace", "0s").set("results.sweep_interval", "1h")
                .wrapStorage(held::wrap).start()) {
            Http http = server.http();
            String id = http.query("SELECT 1 AS one").json().path("result_id").asText();
            held.awaitPublishing();
            // As if the writing server had died: the sweeper of another one fails the row.
            Instant now = clock.instant();
            assertThat(server.app().catalog().results().failOrphaned("writer died", now, now.plus(Duration.ofDays(1))))
                    .isEqualTo(1);
            assertThat(http.get("/results/" + id).json().path("status").asText()).isEqualTo("failed");

            clock.advance(Duration.ofMinutes(61));
            sweep(server);
            assertThat(http.get("/results/" + id).status()).isEqualTo(410);
            held.release();
            Await.until("writes done", () -> server.app().persister().inFlight() == 0);
            sweep(server);
            assertThat(dataFile(id)).doesNotExist();
        } finally {
            held.release();
        }
    }

    @Test
    void retentionZeroKeepsResultsForever() {
        SettableClock clock = new SettableClock(Instant.now());
        try (TestServer server = TestServer.builder(dir).clock(clock).set("results.retention", "0s")
                .set("results.sweep_interval", "1h").start()) {
            Http http = server.http();
            String id = readyResult(http, "SELECT 1 AS one");
            assertThat(http.get("/results?limit=1").json().path("results").get(0).has("expires_at")).isFalse();
            clock.advance(Duration.ofDays(3650));
            sweep(server);
            assertThat(http.get("/results/" + id).json().path("status").asText()).isEqualTo("ready");
        }
    }

    @Test
    void failedFileDeletionsAreRetriedWithBackoffUntilTheySucceed() {
        SettableClock clock = new SettableClock(Instant.now());
        AtomicInteger attempts = new AtomicInteger();
        try (TestServer server = TestServer.builder(dir).clock(clock).set("results.delete_grace", "0s")
                .set("results.sweep_interval", "1h").wrapStorage(s -> new ForwardingStorage(s) {
                    @Override
                    public void delete(String key) throws IOException {
                        if (attempts.incrementAndGet() <= 2) {
                            throw new IOException("storage is having a bad day");
                        }
                        super.delete(key);
                    }
                }).start()) {
            Http http = server.http();
            String id = readyResult(http, "SELECT 1 AS one");
            assertThat(http.delete("/results/" + id).status()).isEqualTo(204);
            Sweeper sweeper = server.app().sweeper();

            sweeper.deleteQueuedBlobs();
            assertThat(attempts).hasValue(1);
            assertThat(dataFile(id)).exists();
            assertThat(server.app().catalog().deletions().pending()).isEqualTo(1);

            sweeper.deleteQueuedBlobs(); // backing off: not due yet
            assertThat(attempts).hasValue(1);

            clock.advance(Duration.ofSeconds(3));
            sweeper.deleteQueuedBlobs();
            assertThat(attempts).hasValue(2);
            assertThat(dataFile(id)).exists();

            clock.advance(Duration.ofSeconds(3)); // the second failure backs off longer than the first
            sweeper.deleteQueuedBlobs();
            assertThat(attempts).hasValue(2);

            clock.advance(Duration.ofSeconds(2));
            sweeper.deleteQueuedBlobs();
            assertThat(attempts).hasValue(3);
            assertThat(dataFile(id)).doesNotExist();
            assertThat(server.app().catalog().deletions().pending()).isZero();
        }
    }

    @Test
    void aDeletionQueuedBeforeACrashIsCarriedOutAfterTheRestart() {
        String id;
        try (TestServer first = TestServer.builder(dir).set("results.delete_grace", "1h").start()) {
            id = readyResult(first.http(), "SELECT 1 AS one");
            assertThat(first.http().delete("/results/" + id).status()).isEqualTo(204);
        }
        assertThat(dataFile(id)).exists();
        SettableClock later = new SettableClock(Instant.now().plus(Duration.ofHours(2)));
        try (TestServer second = TestServer.builder(dir).clock(later).set("results.sweep_interval", "100ms").start()) {
            Await.until("file deleted", () -> !Files.exists(dataFile(id)));
            assertThat(second.http().get("/results/" + id).status()).isEqualTo(410);
        }
    }

    @Test
    void aResultOverTheSizeCapFailsWithAClearMessageAndLeavesNoFile() {
        try (TestServer server = TestServer.builder(dir).set("results.max_bytes", "1KiB").start()) {
            Http http = server.http();
            // Small enough to be written within milliseconds, before the size watcher's first look (50 ms): the cap
            // is then enforced on the finished file. Stopping a write midway is the next test.
            Http.Response r = http.query("SELECT range AS n, md5(range::VARCHAR) AS h FROM range(2000)");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().path("row_count").asLong()).isEqualTo(2000);
            String id = r.json().path("result_id").asText();
            JsonNode failed = http.awaitResult(id);
            assertThat(failed.path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("error_message").asText())
                    .matches("result is \\d+ bytes, larger than the limit of 1024 bytes \\(results\\.max_bytes\\)");
            assertThat(dataFile(id)).doesNotExist();
            assertThat(dir.resolve("staging")).isEmptyDirectory();
            assertThat(http.get("/results/" + id + "/data").status()).isEqualTo(409);
        }
    }

    @Test
    void aWriteThatOutgrowsTheSizeCapIsStoppedBeforeItEnds() {
        try (TestServer server = TestServer.builder(dir).set("results.max_bytes", "1MiB").start()) {
            Http http = server.http();
            Http.Response r = http.post("/query", "{\"sql\": \"SELECT md5(range::VARCHAR) || md5((range + 1)::VARCHAR) AS h"
                    + " FROM range(2000000)\", \"max_inline_rows\": 1}");
            String id = r.json().path("result_id").asText();
            JsonNode failed = http.awaitResult(id);
            assertThat(failed.path("status").asText()).isEqualTo("failed");
            // Without the byte count: the write was stopped before the whole file existed.
            assertThat(failed.path("error_message").asText())
                    .isEqualTo("result is larger than the limit of 1048576 bytes (results.max_bytes)");
            assertThat(dir.resolve("staging")).isEmptyDirectory();
            assertThat(dataFile(id)).doesNotExist();
        }
    }

    private static void sweep(TestServer server) {
        server.app().sweeper().heartbeat();
        server.app().sweeper().sweepOnce();
    }

}
