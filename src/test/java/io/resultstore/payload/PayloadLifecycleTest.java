package io.resultstore.payload;

import io.resultstore.testing.PayloadBlobs;
import io.resultstore.testing.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Times;
import io.resultstore.testing.Http;
import io.resultstore.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TTLs, default TTLs per scope, expiry answering 410, and the GC that collects rows and blobs. */
class PayloadLifecycleTest {
    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    @TempDir
    Path dir;
    SettableClock clock = new SettableClock(T0);
    TestServer server;
    Http http;

    @BeforeEach
    void start() {
        server = TestServer.builder(dir).clock(clock).set("payloads.inline_max_bytes", "100")
                .set("payloads.ttl.step", "1h").set("payloads.ttl.execution", "2h").set("payloads.ttl.workflow", "3h")
                .set("results.sweep_interval", "1h").start();
        http = server.http();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void expiryFollowsTheTtlOrTheScopeDefault() {
        assertThat(put("{\"name\": \"a\", \"data\": 1, \"ttl\": \"30m\"}").path("expires_at").asText())
                .isEqualTo(Times.format(T0.plus(Duration.ofMinutes(30))));
        assertThat(put("{\"name\": \"a\", \"data\": 1, \"ttl\": 90}").path("expires_at").asText())
                .isEqualTo(Times.format(T0.plusSeconds(90)));
        assertThat(put("{\"name\": \"a\", \"data\": 1, \"scope\": \"step\"}").path("expires_at").asText())
                .isEqualTo(Times.format(T0.plus(Duration.ofHours(1))));
        assertThat(put("{\"name\": \"a\", \"data\": 1}").path("expires_at").asText())
                .isEqualTo(Times.format(T0.plus(Duration.ofHours(2))));
        assertThat(put("{\"name\": \"a\", \"data\": 1, \"scope\": \"workflow\"}").path("expires_at").asText())
                .isEqualTo(Times.format(T0.plus(Duration.ofHours(3))));
        assertThat(put("{\"name\": \"a\", \"data\": 1, \"ttl\": \"forever\"}").path("expires_at").isNull()).isTrue();
        assertThat(put("{\"name\": \"a\", \"data\": 1, \"scope\": \"permanent\", \"ttl\": \"1s\"}").path("expires_at")
                .isNull()).isTrue();
    }

    @Test
    void expiredPayloadsAnswer410BeforeAndAfterGc() {
        JsonNode small = put("{\"name\": \"s\", \"data\": 1, \"ttl\": \"1m\"}");
        JsonNode big = put("{\"name\": \"b\", \"data\": \"" + "x".repeat(500) + "\", \"ttl\": \"1m\"}");
        JsonNode keeps = put("{\"name\": \"k\", \"data\": 2, \"ttl\": \"1h\"}");
        JsonNode forever = put("{\"name\": \"p\", \"data\": 3, \"scope\": \"permanent\"}");
        Path blob = PayloadBlobs.file(dir, "9", NoetlRef.parse(big.path("ref").asText()).id());
        assertThat(blob).exists();

        clock.advance(Duration.ofMinutes(1));
        Http.Response expired = resolve(small.path("ref").asText());
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.errorCode()).isEqualTo("GONE");
        assertThat(http.get("/api/result/9/s").status()).isEqualTo(410);
        assertThat(http.get("/api/result/9/list").json().path("refs").findValuesAsText("name")).containsExactly("k", "p");
        assertThat(http.get("/api/result/stats").json().path("expired_pending").path("count").asLong()).isEqualTo(2);

        assertThat(server.app().payloadSweeper().sweepOnce()).isEqualTo(2);
        assertThat(blob).doesNotExist();
        assertThat(resolve(small.path("ref").asText()).status()).isEqualTo(410);
        assertThat(resolve(big.path("ref").asText()).status()).isEqualTo(410);
        assertThat(resolve(keeps.path("ref").asText()).body()).isEqualTo("2");
        assertThat(server.app().payloadSweeper().sweepOnce()).isZero();

        JsonNode stats = http.get("/api/result/stats").json();
        assertThat(stats.path("collected").path("count").asLong()).isEqualTo(2);
        assertThat(stats.path("expired_pending").path("count").asLong()).isZero();
        assertThat(stats.path("gc").path("last_run_at").asText()).isEqualTo(Times.format(clock.instant()));
        assertThat(stats.path("total").path("count").asLong()).isEqualTo(2);

        clock.advance(Duration.ofDays(400));
        assertThat(server.app().payloadSweeper().sweepOnce()).isEqualTo(1);
        assertThat(resolve(forever.path("ref").asText()).body()).isEqualTo("3");
    }

    @Test
    void tombstonesArePurgedAfterAMonthAndIdempotencyKeysAfterADay() {
        JsonNode r = put("{\"name\": \"s\", \"data\": 1, \"ttl\": \"1m\"}");
        String first = putWithKey("{\"name\": \"i\", \"data\": 1}", "key").body();
        clock.advance(Duration.ofHours(23));
        assertThat(putWithKey("{\"name\": \"i\", \"data\": 1}", "key").body()).isEqualTo(first);
        clock.advance(Duration.ofHours(2));
        String later = putWithKey("{\"name\": \"i\", \"data\": 1}", "key").body();
        assertThat(later).isNotEqualTo(first);
        server.app().payloadSweeper().sweepOnce();
        assertThat(resolve(r.path("ref").asText()).status()).isEqualTo(410);
        clock.advance(Duration.ofDays(31));
        server.app().payloadSweeper().sweepOnce();
        assertThat(resolve(r.path("ref").asText()).status()).isEqualTo(404);
    }

    JsonNode put(String body) {
        Http.Response r = http.put("/api/result/9", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    Http.Response putWithKey(String body, String key) {
        return http.send(java.net.http.HttpRequest.newBuilder(http.uri("/api/result/9"))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    Http.Response resolve(String ref) {
        return http.get("/api/result/resolve?ref=" + URLEncoder.encode(ref, StandardCharsets.UTF_8));
    }
}
