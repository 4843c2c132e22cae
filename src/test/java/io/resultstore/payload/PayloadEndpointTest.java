package io.resultstore.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Hashing;
import io.resultstore.testing.PayloadBlobs;
import io.resultstore.testing.Http;
import io.resultstore.testing.SharedServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PayloadEndpointTest {
    @RegisterExtension
    static final SharedServer shared = new SharedServer(b -> b.set("payloads.inline_max_bytes", "1KiB"));
    static final Http http = shared.http();

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static JsonNode put(String eid, String body) {
        Http.Response r = http.put("/api/result/" + eid, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static Http.Response resolve(String ref) {
        return http.get("/api/result/resolve?ref=" + enc(ref));
    }

    @Test
    void putAnswersTheRefAndResolveReturnsTheDataAsTheWholeBody() {
        JsonNode r = put("42", "{\"name\": \"step_a\", \"data\": {\"b\": 1, \"a\": [true, null, \"x\"]}}");
        assertThat(r.path("ref").asText()).matches("noetl://execution/42/result/step_a/[0-9]+");
        assertThat(r.path("store").asText()).isEqualTo("db");
        assertThat(r.path("scope").asText()).isEqualTo("execution");
        assertThat(r.path("expires_at").asText()).endsWith("Z");
        String canonical = "{\"a\":[true,null,\"x\"],\"b\":1}";
        assertThat(r.path("bytes").asLong()).isEqualTo(canonical.length());
        assertThat(r.path("sha256").asText()).isEqualTo(Hashing.sha256Hex(canonical));
        assertThat(fieldNames(r)).containsExactly("ref", "store", "scope", "expires_at", "bytes", "sha256");

        Http.Response data = resolve(r.path("ref").asText());
        assertThat(data.status()).isEqualTo(200);
        assertThat(data.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(data.body()).isEqualTo(canonical);
    }

    @Test
    void largePayloadsGoToBlobStorageAndComeBackVerified() {
        String big = "x".repeat(5000);
        JsonNode r = put("43", "{\"name\": \"big\", \"data\": \"" + big + "\"}");
        assertThat(r.path("store").asText()).isEqualTo("disk");
        long id = NoetlRef.parse(r.path("ref").asText()).id();
        assertThat(PayloadBlobs.file(shared.dataDir(), "43", id)).exists();
        assertThat(resolve(r.path("ref").asText()).body()).isEqualTo("\"" + big + "\"");

        JsonNode zipped = put("43", "{\"name\": \"big2\", \"data\": \"" + big + "\", \"compress\": true}");
        assertThat(zipped.path("bytes").asLong()).isEqualTo(big.length() + 2);
        long zid = NoetlRef.parse(zipped.path("ref").asText()).id();
        assertThat(PayloadBlobs.file(shared.dataDir(), "43", zid).toFile().length()).isLessThan(big.length());
        assertThat(resolve(zipped.path("ref").asText()).body()).isEqualTo("\"" + big + "\"");
    }

    @Test
    void namesWithSlashesRoundTrip() {
        JsonNode r = put("44", "{\"name\": \"loop/item/3\", \"data\": 7}");
        String ref = r.path("ref").asText();
        assertThat(ref).matches("noetl://execution/44/result/loop/item/3/[0-9]+");
        assertThat(resolve(ref).body()).isEqualTo("7");
        assertThat(http.get("/api/result/44/loop/item/3").body()).isEqualTo("7");
        JsonNode meta = http.get("/api/result/44/loop/item/3?resolve=false").json();
        assertThat(meta.path("name").asText()).isEqualTo("loop/item/3");
        assertThat(meta.path("ref").asText()).isEqualTo(ref);
    }

    @Test
    void namesWithReservedAndUnicodeCharactersWorkPercentEncodedInPaths() {
        String name = "c++ résumé/ü 1?#&%";
        JsonNode r = put("57", "{\"name\": \"" + name + "\", \"data\": 5, \"scope\": \"step\"}");
        String ref = r.path("ref").asText();
        assertThat(NoetlRef.parse(ref).name()).isEqualTo(name);
        assertThat(resolve(ref).body()).isEqualTo("5");
        String path = java.util.Arrays.stream(name.split("/")).map(s -> enc(s).replace("+", "%20"))
                .collect(java.util.stream.Collectors.joining("/"));
        assertThat(http.get("/api/result/57/" + path).body()).isEqualTo("5");
        assertThat(http.get("/api/result/57/" + path + "?resolve=false").json().path("name").asText()).isEqualTo(name);
        assertThat(http.delete("/api/result/57/step/" + path).json().path("deleted").asInt()).isEqualTo(1);
        put("57", "{\"name\": \"a+b\", \"data\": 6}");
        assertThat(http.get("/api/result/57/a+b").body()).isEqualTo("6");
    }

    @Test
    void latestReturnsTheNewestResultOfThatNameAndItsMetadata() {
        put("45", "{\"name\": \"s\", \"data\": 1}");
        JsonNode second = put("45", "{\"name\": \"s\", \"data\": 2, \"scope\": \"step\", \"source_step\": \"s\","
                + " \"correlation\": {\"k\": \"v\"}, \"extracted\": {\"n\": 1.50}}");
        assertThat(http.get("/api/result/45/s").body()).isEqualTo("2");
        Http.Response meta = http.get("/api/result/45/s?resolve=false");
        assertThat(meta.status()).isEqualTo(200);
        JsonNode m = meta.json();
        assertThat(fieldNames(m)).containsExactly("ref", "store", "scope", "name", "expires_at", "bytes", "sha256",
                "source_step", "correlation", "extracted", "created_at");
        assertThat(m.path("ref").asText()).isEqualTo(second.path("ref").asText());
        assertThat(m.path("scope").asText()).isEqualTo("step");
        assertThat(m.path("source_step").asText()).isEqualTo("s");
        assertThat(m.path("correlation").toString()).isEqualTo("{\"k\":\"v\"}");
        assertThat(meta.body()).contains("\"extracted\":{\"n\":1.50}");
        assertThat(http.get("/api/result/45/nothing").status()).isEqualTo(404);
        assertThat(http.get("/api/result/45/s?resolve=maybe").status()).isEqualTo(400);
    }

    @Test
    void listFiltersByScopeAndStepOldestFirst() {
        put("46", "{\"name\": \"a\", \"data\": 1, \"scope\": \"step\"}");
        put("46", "{\"name\": \"b\", \"data\": 2, \"source_step\": \"a\"}");
        put("46", "{\"name\": \"c\", \"data\": 3, \"scope\": \"workflow\"}");
        JsonNode all = http.get("/api/result/46/list").json();
        assertThat(all.path("execution_id").asText()).isEqualTo("46");
        assertThat(all.path("count").asInt()).isEqualTo(3);
        assertThat(all.path("refs").findValuesAsText("name")).containsExactly("a", "b", "c");
        assertThat(http.get("/api/result/46/list?scope=workflow").json().path("refs").findValuesAsText("name"))
                .containsExactly("c");
        assertThat(http.get("/api/result/46/list?step_name=a").json().path("refs").findValuesAsText("name"))
                .containsExactly("a", "b");
        assertThat(http.get("/api/result/46/list?scope=bogus").status()).isEqualTo(400);
        assertThat(http.get("/api/result/nobody/list").json().path("count").asInt()).isZero();
    }

    @Test
    void deletingAnExecutionRemovesItsScopeAndNarrowerOnes() {
        JsonNode step = put("47", "{\"name\": \"a\", \"data\": 1, \"scope\": \"step\"}");
        put("47", "{\"name\": \"b\", \"data\": 2}");
        JsonNode workflow = put("47", "{\"name\": \"c\", \"data\": 3, \"scope\": \"workflow\"}");
        JsonNode permanent = put("47", "{\"name\": \"d\", \"data\": 4, \"scope\": \"permanent\"}");
        assertThat(permanent.path("expires_at").isNull()).isTrue();

        Http.Response r = http.delete("/api/result/47?scope=execution");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"execution_id\":\"47\",\"deleted\":2,\"scope\":\"execution\"}");
        assertThat(resolve(step.path("ref").asText()).status()).isEqualTo(410);
        assertThat(resolve(workflow.path("ref").asText()).status()).isEqualTo(200);
        assertThat(http.get("/api/result/47/a").status()).isEqualTo(410);

        assertThat(http.delete("/api/result/47?scope=workflow").json().path("deleted").asInt()).isEqualTo(1);
        assertThat(http.delete("/api/result/47").json().path("deleted").asInt()).isZero();
        Http.Response perm = http.delete("/api/result/47?scope=permanent");
        assertThat(perm.status()).isEqualTo(400);
        assertThat(perm.errorCode()).isEqualTo("BAD_REQUEST");
        assertThat(http.delete("/api/result/47?scope=weird").status()).isEqualTo(400);
        assertThat(resolve(permanent.path("ref").asText()).status()).isEqualTo(200);

        assertThat(http.delete("/api/result/ref?ref=" + enc(permanent.path("ref").asText())).status()).isEqualTo(204);
        assertThat(resolve(permanent.path("ref").asText()).status()).isEqualTo(410);
        assertThat(http.delete("/api/result/ref?ref=" + enc(permanent.path("ref").asText())).status()).isEqualTo(410);
    }

    @Test
    void deletingAStepRemovesOnlyItsStepScopedResults() {
        JsonNode a = put("48", "{\"name\": \"x/y\", \"data\": 1, \"scope\": \"step\"}");
        JsonNode b = put("48", "{\"name\": \"x/y\", \"data\": 2}");
        Http.Response r = http.delete("/api/result/48/step/x/y");
        assertThat(r.body()).isEqualTo("{\"execution_id\":\"48\",\"deleted\":1,\"scope\":\"step\"}");
        assertThat(resolve(a.path("ref").asText()).status()).isEqualTo(410);
        assertThat(resolve(b.path("ref").asText()).status()).isEqualTo(200);
    }

    @Test
    void blobsOfDeletedPayloadsAreRemoved() {
        JsonNode r = put("49", "{\"name\": \"big\", \"data\": \"" + "y".repeat(3000) + "\"}");
        long id = NoetlRef.parse(r.path("ref").asText()).id();
        Path blob = PayloadBlobs.file(shared.dataDir(), "49", id);
        assertThat(blob).exists();
        assertThat(http.delete("/api/result/ref?ref=" + enc(r.path("ref").asText())).status()).isEqualTo(204);
        assertThat(blob).doesNotExist();
    }

    @Test
    void badRefsAreRefusedAndUnknownOnesAreNotFound() {
        for (String bad : new String[] {"", "http://x", "noetl://execution/42/result/", "noetl://execution/42/result/a/",
                "noetl://execution/42/result/a/12x", "noetl://execution/4 2/result/a/1", "noetl://execution//result/a/1",
                "noetl://execution/42/result/a/99999999999999999999"}) {
            Http.Response r = resolve(bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("BAD_REQUEST");
        }
        assertThat(http.get("/api/result/resolve").status()).isEqualTo(400);
        Http.Response unknown = resolve("noetl://execution/42/result/a/123");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("NOT_FOUND");
        JsonNode r = put("50", "{\"name\": \"a\", \"data\": 1}");
        String ref = r.path("ref").asText();
        assertThat(resolve(ref.replace("/50/", "/51/")).status()).isEqualTo(404);
        assertThat(resolve(ref.replace("/a/", "/b/")).status()).isEqualTo(404);
        assertThat(http.delete("/api/result/ref?ref=" + enc("noetl://execution/42/result/a/123")).status()).isEqualTo(404);
        assertThat(http.delete("/api/result/ref?ref=nope").status()).isEqualTo(400);
        assertThat(http.delete("/api/result/ref").status()).isEqualTo(400);
    }

    @Test
    void badWritesAreRefusedAndChangeNothing() {
        assertError(http.put("/api/result/42", "{\"name\": \"a\", \"data\": 1, \"scope\": \"forever\"}"), 400);
        assertError(http.put("/api/result/42", "{\"name\": \"a\", \"data\": 1, \"ttl\": \"soon\"}"), 400);
        assertError(http.put("/api/result/42", "{\"name\": \"a\", \"data\": 1, \"ttl\": -5}"), 400);
        assertError(http.put("/api/result/42", "{\"name\": \"a\", \"data\": 1, \"ttl\": 0}"), 400);
        assertError(http.put("/api/result/42", "{\"name\": \"a\", \"data\": 1, \"store\": \"s3\"}"), 400);
        assertError(http.put("/api/result/42", "{\"name\": \"a\", \"data\": 1, \"store\": \"tape\"}"), 400);
        assertError(http.put("/api/result/42", "{\"name\": \"a\", \"data\": \"" + "z".repeat(2000) + "\", \"store\": \"db\"}"), 400);
        assertError(http.put("/api/result/bad$id", "{\"name\": \"a\", \"data\": 1}"), 400);
        assertError(http.put("/api/result/" + "x".repeat(129), "{\"name\": \"a\", \"data\": 1}"), 400);
        assertError(http.put("/api/result/42", "{\"name\": \"a\", \"data\": 1"), 400);
        assertError(http.put("/api/result/42", ""), 400);
        assertError(http.put("/api/result/42", "{\"name\": \"\", \"data\": 1}"), 400);
        assertError(http.put("/api/result/42", "{\"name\": \"a//b\", \"data\": 1}"), 400);
        assertError(http.put("/api/result/42", "{\"data\": 1}"), 422);
        assertError(http.put("/api/result/42", "{\"name\": \"a\"}"), 422);
        assertError(http.put("/api/result/42", "{\"name\": 5, \"data\": 1}"), 422);
        assertError(http.put("/api/result/42", "[1]"), 422);
        assertThat(http.get("/api/result/42/list").json().path("count").asInt()).isZero();
    }

    @Test
    void storesInTheRequestedTierWhenItCan() {
        JsonNode disk = put("52", "{\"name\": \"a\", \"data\": 1, \"store\": \"disk\"}");
        assertThat(disk.path("store").asText()).isEqualTo("disk");
        assertThat(resolve(disk.path("ref").asText()).body()).isEqualTo("1");
        assertThat(put("52", "{\"name\": \"b\", \"data\": 1, \"store\": \"db\"}").path("store").asText()).isEqualTo("db");
    }

    @Test
    void statsCountByScopeAndStore() {
        put("53", "{\"name\": \"a\", \"data\": 1, \"scope\": \"permanent\"}");
        JsonNode stats = http.get("/api/result/stats").json();
        assertThat(stats.path("total").path("count").asLong()).isPositive();
        assertThat(stats.path("by_scope").path("permanent").path("count").asLong()).isPositive();
        assertThat(stats.path("by_store").path("db").path("count").asLong()).isPositive();
        assertThat(stats.has("collected")).isTrue();
        assertThat(stats.path("gc").has("last_run_at")).isTrue();
    }

    @Test
    void idempotentRetriesReturnTheFirstResponseAndStoreOnce() {
        String body = "{\"name\": \"a\", \"data\": {\"v\": 1}}";
        Http.Response first = putWithKey("54", body, "k-1");
        Http.Response retry = putWithKey("54", "{\"name\": \"a\", \"data\": {\"v\": 2}}", "k-1");
        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(http.get("/api/result/54/list").json().path("count").asInt()).isEqualTo(1);
        Http.Response other = putWithKey("55", body, "k-1");
        assertThat(other.json().path("ref").asText()).isNotEqualTo(first.json().path("ref").asText());
        assertThat(putWithKey("54", body, "k-2").json().path("ref").asText())
                .isNotEqualTo(first.json().path("ref").asText());
        assertThat(putWithKey("54", body, "k".repeat(300)).status()).isEqualTo(400);
    }

    @Test
    void concurrentWritersAllGetDistinctRefsThatResolve() throws InterruptedException {
        java.util.List<String> refs = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int writer = t;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 20; i++) {
                    refs.add(put("56", "{\"name\": \"w" + writer + "\", \"data\": " + i + "}").path("ref").asText());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(refs).hasSize(320).doesNotHaveDuplicates();
        assertThat(http.get("/api/result/56/list").json().path("count").asInt()).isEqualTo(320);
        for (String ref : refs.subList(0, 20)) {
            assertThat(resolve(ref).status()).isEqualTo(200);
        }
    }

    static Http.Response putWithKey(String eid, String body, String key) {
        return http.send(HttpRequest.newBuilder(http.uri("/api/result/" + eid))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    static void assertError(Http.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().path("error").path("message").asText()).isNotEmpty();
    }

    static java.util.List<String> fieldNames(JsonNode n) {
        java.util.List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
