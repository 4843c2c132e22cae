package io.resultstore.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.testing.Http;
import io.resultstore.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BigResultsTest {
    @TempDir
    Path dir;

    @Test
    void aResultLargerThanTheEngineMemorySpillsInsteadOfFailing() {
        try (TestServer server = TestServer.builder(dir).set("engine.memory_limit", "64MB").start()) {
            Http http = server.http();
            Http.Response r = http.post("/query", "{\"sql\": \"SELECT range AS id, range * 2 AS v, 'name-' || range AS s,"
                    + " md5(range::VARCHAR) AS h FROM range(3000000)\", \"max_inline_rows\": 3}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode body = r.json();
            assertThat(body.path("row_count").asLong()).isEqualTo(3_000_000);
            assertThat(body.path("rows").size()).isEqualTo(3);
            assertThat(body.path("truncated").asBoolean()).isTrue();
            String id = body.path("result_id").asText();
            JsonNode ready = http.awaitResult(id);
            assertThat(ready.path("status").asText()).as(ready.toString()).isEqualTo("ready");

            JsonNode last = http.get("/results/" + id + "?offset=2999999&limit=5").json();
            assertThat(last.path("rows").toString()).startsWith("[[2999999,5999998,\"name-2999999\",");
            assertThat(last.path("has_more").asBoolean()).isFalse();
        }
    }
}
