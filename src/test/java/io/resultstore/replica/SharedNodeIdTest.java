package io.resultstore.replica;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Json;
import io.resultstore.payload.Snowflake;
import io.resultstore.testing.Http;
import io.resultstore.testing.SettableClock;
import io.resultstore.testing.SharedBackends;
import io.resultstore.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas that were given the same {@code node.id} mint the same payload ids when they write in the same
 * millisecond. The catalog refuses the second row; the replica takes a new id, and neither payload is lost or
 * overwritten, in the catalog or in the bucket.
 */
class SharedNodeIdTest {
    @TempDir
    Path dir;

    @Test
    void replicasSharingANodeIdNeverLoseOrOverwriteEachOthersPayloads() throws Exception {
        SharedBackends backends = SharedBackends.create();
        // One frozen clock: both replicas' snowflakes start in the same millisecond at sequence 0.
        SettableClock clock = new SettableClock(Instant.parse("2026-06-01T00:00:00Z"));
        try (TestServer a = backends.node(Files.createDirectories(dir.resolve("a"))).set("node.id", "7")
                        .set("payloads.inline_max_bytes", "1KiB").clock(clock).start();
                TestServer b = backends.node(Files.createDirectories(dir.resolve("b"))).set("node.id", "7")
                        .set("payloads.inline_max_bytes", "1KiB").clock(clock).start()) {
            for (String text : new String[] {"small", "x".repeat(4096)}) {
                JsonNode fromA = put(a.http(), "a-" + text.length(), text);
                JsonNode fromB = put(b.http(), "b-" + text.length(), text);
                long idA = idOf(fromA);
                long idB = idOf(fromB);
                assertThat(idB).isNotEqualTo(idA);
                assertThat(Snowflake.nodeOf(idB)).isEqualTo(7);
                assertThat(fromA.path("store").asText()).isEqualTo(text.length() > 1024 ? "s3" : "db");
                for (Http http : new Http[] {a.http(), b.http()}) {
                    assertThat(resolve(http, fromA)).isEqualTo("{\"by\":\"a-" + text.length() + "\",\"text\":\""
                            + text + "\"}");
                    assertThat(resolve(http, fromB)).isEqualTo("{\"by\":\"b-" + text.length() + "\",\"text\":\""
                            + text + "\"}");
                }
            }
        }
    }

    private static JsonNode put(Http http, String by, String text) {
        String body = Json.MAPPER.createObjectNode().put("name", "step")
                .set("data", Json.MAPPER.createObjectNode().put("by", by).put("text", text)).toString();
        Http.Response r = http.put("/api/result/77", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static long idOf(JsonNode put) {
        String ref = put.path("ref").asText();
        return Long.parseLong(ref.substring(ref.lastIndexOf('/') + 1));
    }

    private static String resolve(Http http, JsonNode put) {
        Http.Response r = http.get("/api/result/resolve?ref="
                + URLEncoder.encode(put.path("ref").asText(), StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.body();
    }
}
