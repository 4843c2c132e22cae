package io.resultstore.replica;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.payload.NoetlRef;
import io.resultstore.testing.PayloadBlobs;
import io.resultstore.testing.Await;
import io.resultstore.testing.Http;
import io.resultstore.testing.S3Server;
import io.resultstore.testing.SharedBackends;
import io.resultstore.testing.SourcePostgres;
import io.resultstore.testing.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers with their own engines and data directories on one PostgreSQL catalog and one S3 bucket, as
 * replicas behind a load balancer: whatever one of them wrote, the other serves the same way.
 */
class ReplicasTest {
    @TempDir
    static Path dir;
    static SharedBackends backends;
    static TestServer a;
    static TestServer b;

    @BeforeAll
    static void start() throws Exception {
        backends = SharedBackends.create();
        a = node("a", 1);
        b = node("b", 2);
    }

    private static TestServer node(String name, int nodeId) throws Exception {
        return backends.node(Files.createDirectories(dir.resolve(name)))
                .set("node.id", String.valueOf(nodeId))
                .set("payloads.inline_max_bytes", "1KiB")
                .set("results.delete_grace", "0s")
                // Replicas must share the key that seals connection secrets.
                .set("secrets.key", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
                .start();
    }

    @Test
    void aConnectionAddedThroughAIsSyncedThroughBAndItsCacheServesBoth() throws Exception {
        String url = SourcePostgres.newDatabase();
        try (java.sql.Connection c = SourcePostgres.owner(url); java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (k int)");
            st.execute("INSERT INTO t SELECT generate_series(1, 10)");
        }
        var body = io.resultstore.common.Json.MAPPER.createObjectNode().put("name", "shared_pg")
                .put("source_type", "postgres").put("secret", SourcePostgres.PASSWORD);
        body.putObject("config").put("url", url).put("user", SourcePostgres.USER);
        Http.Response created = a.http().post("/connections", body.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();
        String sum = "SELECT sum(k) FROM shared_pg.public.t";

        assertThat(b.http().query(sum).json().path("rows").get(0).get(0).asInt()).isEqualTo(55);
        try (java.sql.Connection c = SourcePostgres.owner(url); java.sql.Statement st = c.createStatement()) {
            st.execute("INSERT INTO t VALUES (100)");
        }
        // A reads the copy B made: the new row is not there until a refresh.
        assertThat(a.http().query(sum).json().path("rows").get(0).get(0).asInt()).isEqualTo(55);
        assertThat(a.http().post("/refresh", "{\"connection_id\":\"" + id + "\"}").status()).isEqualTo(200);
        assertThat(b.http().query(sum).json().path("rows").get(0).get(0).asInt()).isEqualTo(155);
        assertThat(a.http().query(sum).json().path("rows").get(0).get(0).asInt()).isEqualTo(155);

        assertThat(b.http().delete("/connections/" + id).status()).isEqualTo(204);
        assertThat(a.http().query(sum).status()).isEqualTo(403);
        assertThat(a.http().get("/connections/" + id).status()).isEqualTo(404);
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void aDeterministicStatementStoredThroughAIsReusedOnB() {
        String sql = "SELECT range AS n, 'shared-" + System.nanoTime() + "' AS tag FROM range(300)";
        JsonNode first = a.http().query(sql).json();
        String id = first.path("result_id").asText();
        a.http().awaitResult(id);
        JsonNode onB = b.http().query(sql).json();
        assertThat(onB.path("reused").asBoolean()).isTrue();
        assertThat(onB.path("result_id").asText()).isEqualTo(id);
        assertThat(onB.path("rows")).isEqualTo(first.path("rows"));
        assertThat(b.http().get("/query-runs/" + onB.path("query_run_id").asText()).json().path("reused_from").asText())
                .isEqualTo(id);
    }

    @Test
    void aDatasetUploadedThroughAIsCreatedReplacedAndDeletedThroughBAndQueriedOnBoth() {
        String upload = a.http().send(HttpRequest.newBuilder(a.http().uri("/v1/files")).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("k,v\n1,x\n2,y\n"))).json().path("id").asText();
        Http.Response created = b.http().post("/v1/datasets",
                "{\"table_name\":\"shared_ds\",\"upload_id\":\"" + upload + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(a.http().query("SELECT sum(k) FROM datasets.shared_ds").json().path("rows").get(0).get(0).asInt())
                .isEqualTo(3);

        String next = b.http().send(HttpRequest.newBuilder(b.http().uri("/v1/files")).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("k\n10\n"))).json().path("id").asText();
        assertThat(a.http().put("/v1/datasets/" + id, "{\"upload_id\":\"" + next + "\"}").status()).isEqualTo(200);
        assertThat(b.http().query("SELECT sum(k) FROM datasets.shared_ds").json().path("rows").get(0).get(0).asInt())
                .isEqualTo(10);
        assertThat(a.http().query("SELECT sum(k) FROM datasets.shared_ds").json().path("rows").get(0).get(0).asInt())
                .isEqualTo(10);

        assertThat(b.http().delete("/v1/datasets/" + id).status()).isEqualTo(204);
        assertThat(a.http().query("SELECT * FROM datasets.shared_ds").status()).isEqualTo(404);
        assertThat(a.http().get("/v1/datasets/" + id).status()).isEqualTo(410);
    }

    @Test
    void aResultWrittenByAIsListedReadPagedDownloadedAndQueriedOnB() {
        JsonNode answer = a.http().query("SELECT range AS n, 'v' || range AS s FROM range(1000)").json();
        String id = answer.path("result_id").asText();
        assertThat(a.http().awaitResult(id).path("status").asText()).isEqualTo("ready");
        Http onB = b.http();

        assertThat(onB.get("/results?status=ready").json().path("results").findValuesAsText("id")).contains(id);
        JsonNode page = onB.get("/results/" + id + "?offset=998&limit=5").json();
        assertThat(page.path("rows").toString()).isEqualTo("[[998,\"v998\"],[999,\"v999\"]]");
        assertThat(page.path("row_count").asLong()).isEqualTo(1000);
        assertThat(page.path("has_more").asBoolean()).isFalse();

        Http.Response csv = onB.get("/results/" + id + "/data?format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).startsWith("n,s\n0,v0\n1,v1\n").endsWith("999,v999\n");
        assertThat(csv.body()).isEqualTo(a.http().get("/results/" + id + "/data?format=csv").body());
        Http.Response parquet = onB.get("/results/" + id + "/data?format=parquet");
        assertThat(parquet.status()).isEqualTo(200);
        assertThat(parquet.raw().body()).isEqualTo(a.http().get("/results/" + id + "/data?format=parquet").raw().body());

        JsonNode sum = onB.query("SELECT sum(n) AS total, count(*) AS c FROM results.\"" + id + "\"").json();
        assertThat(sum.path("rows").toString()).isEqualTo("[[499500,1000]]");
        // B's own query over A's result is a result like any other, readable on A in turn.
        String derived = sum.path("result_id").asText();
        assertThat(b.http().awaitResult(derived).path("status").asText()).isEqualTo("ready");
        assertThat(a.http().get("/results/" + derived).json().path("rows").toString()).isEqualTo("[[499500,1000]]");
    }

    @Test
    void queryRunsOfAAreVisibleOnB() {
        JsonNode answer = a.http().query("SELECT 42 AS answer").json();
        String runId = answer.path("query_run_id").asText();
        a.http().awaitResult(answer.path("result_id").asText());

        JsonNode run = b.http().get("/query-runs/" + runId).json();
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(run.path("sql_text").asText()).isEqualTo("SELECT 42 AS answer");
        assertThat(run.path("result_id").asText()).isEqualTo(answer.path("result_id").asText());
        assertThat(run.path("result_status").asText()).isEqualTo("ready");
        assertThat(b.http().get("/query-runs?limit=1000").json().path("query_runs").findValuesAsText("id")).contains(runId);
    }

    @Test
    void payloadsPutOnAResolveOnBInlineAndAsBlobs() {
        String small = "{\"name\":\"small\",\"data\":{\"rows\":[1,2,3]}}";
        String bigText = "x".repeat(5_000);
        String big = "{\"name\":\"big\",\"data\":\"" + bigText + "\"}";
        JsonNode inline = a.http().put("/api/result/700", small).json();
        JsonNode blob = a.http().put("/api/result/700", big).json();
        assertThat(inline.path("store").asText()).isEqualTo("db");
        assertThat(blob.path("store").asText()).isEqualTo("s3");
        long blobId = NoetlRef.parse(blob.path("ref").asText()).id();
        assertThat(PayloadBlobs.keys(S3Server.keys(backends.bucket()), "rs/", "700", blobId)).hasSize(1);

        assertThat(resolve(b.http(), inline.path("ref").asText()).body()).isEqualTo("{\"rows\":[1,2,3]}");
        assertThat(resolve(b.http(), blob.path("ref").asText()).body()).isEqualTo("\"" + bigText + "\"");
        assertThat(b.http().get("/api/result/700/big?resolve=false").json().path("sha256").asText())
                .isEqualTo(blob.path("sha256").asText());
        assertThat(b.http().get("/api/result/700/list").json().path("count").asInt()).isEqualTo(2);

        assertThat(b.http().delete("/api/result/ref?ref=" + enc(blob.path("ref").asText())).status()).isEqualTo(204);
        assertThat(resolve(a.http(), blob.path("ref").asText()).status()).isEqualTo(410);
        assertThat(PayloadBlobs.keys(S3Server.keys(backends.bucket()), "rs/", "700", blobId)).isEmpty();
    }

    @Test
    void oneIdempotencyKeySentToBothReplicasAtOnceStoresOnePayload() throws Exception {
        List<CompletableFuture<Http.Response>> puts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Http http = (i % 2 == 0 ? a : b).http();
            puts.add(CompletableFuture.supplyAsync(() -> http.send(HttpRequest.newBuilder(http.uri("/api/result/701"))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", "retry-1")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"name\": \"once\", \"data\": 1}")))));
        }
        Set<String> refs = new HashSet<>();
        for (CompletableFuture<Http.Response> put : puts) {
            Http.Response r = put.get(60, TimeUnit.SECONDS);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            refs.add(r.json().path("ref").asText());
        }
        assertThat(refs).hasSize(1);
        assertThat(b.http().get("/api/result/701/list").json().path("count").asInt()).isEqualTo(1);
    }

    @Test
    void aResultDeletedOnBIsGoneOnAAndItsObjectLeavesTheBucketOnce() {
        String id = a.http().query("SELECT 7 AS seven").json().path("result_id").asText();
        a.http().awaitResult(id);
        // A reads it first, so its engine holds a view and its cache a copy: both must stop serving it.
        assertThat(a.http().query("SELECT * FROM results.\"" + id + "\"").status()).isEqualTo(200);

        assertThat(b.http().delete("/results/" + id).status()).isEqualTo(204);
        assertThat(a.http().get("/results/" + id).status()).isEqualTo(410);
        assertThat(a.http().get("/results/" + id + "/data?format=csv").status()).isEqualTo(410);
        Http.Response sql = a.http().query("SELECT * FROM results.\"" + id + "\"");
        assertThat(sql.status()).isEqualTo(404);
        assertThat(sql.errorMessage()).contains(id);

        String key = "rs/results/" + id + "/data.parquet";
        assertThat(S3Server.keys(backends.bucket())).contains(key);
        a.app().sweeper().deleteQueuedBlobs();
        b.app().sweeper().deleteQueuedBlobs();
        assertThat(S3Server.keys(backends.bucket())).doesNotContain(key);
    }

    @Test
    void aCancelSentToBStopsTheStatementRunningOnA() throws Exception {
        CompletableFuture<Http.Response> waiting = CompletableFuture.supplyAsync(() -> a.http().post("/query",
                "{\"sql\": \"SELECT count(*) FROM range(1e12)\", \"wait_timeout_ms\": 120000}"));
        Await.until("the query runs on A", () -> a.app().queries().running() == 1);
        JsonNode running = a.http().get("/query-runs?limit=1").json().path("query_runs").get(0);
        assertThat(running.path("status").asText()).isEqualTo("running");
        String runId = running.path("id").asText();

        long t0 = System.nanoTime();
        Http.Response canceled = b.http().post("/query-runs/" + runId + "/cancel", "");
        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.json().path("status").asText()).isEqualTo("canceled");

        Http.Response answer = waiting.get(30, TimeUnit.SECONDS);
        long stoppedMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("a cancel sent to B stopped the statement on A in %d ms%n", stoppedMs);
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.errorCode()).isEqualTo("CONFLICT");
        Await.until("A let go of the query", () -> a.app().queries().running() == 0);
        assertThat(a.http().get("/query-runs/" + runId).json().path("status").asText()).isEqualTo("canceled");
        assertThat(b.http().post("/query-runs/" + runId + "/cancel", "").status()).isEqualTo(409);
    }

    private static Http.Response resolve(Http http, String ref) {
        return http.get("/api/result/resolve?ref=" + enc(ref));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

}
