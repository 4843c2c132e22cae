package io.resultstore.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Hashing;
import io.resultstore.testing.Http;
import io.resultstore.testing.TestServer;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads become datasets that SQL reads as {@code datasets."<name>"}; bad files change nothing. */
class DatasetEndpointTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static Http http;

    @BeforeAll
    static void start() {
        server = TestServer.builder(dir.resolve("data")).set("files.max_bytes", "64KiB")
                .set("results.delete_grace", "0s").start();
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode upload(String contentType, byte[] body) {
        Http.Response r = uploadRaw(contentType, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    static Http.Response uploadRaw(String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri("/v1/files"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b);
    }

    static JsonNode dataset(String table, String uploadId) {
        Http.Response r = http.post("/v1/datasets",
                "{\"label\":\"" + table + " label\",\"table_name\":\"" + table + "\",\"upload_id\":\"" + uploadId + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    static JsonNode rows(String sql) {
        Http.Response r = http.query(sql);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("rows");
    }

    @Test
    void csvUploadBecomesAQueryableDataset() {
        byte[] csv = "id,name,amount\n1,ann,2.5\n2,bob,\n3,\"c, d\",4\n".getBytes(StandardCharsets.UTF_8);
        JsonNode up = upload("text/csv", csv);
        assertThat(up.path("id").asText()).startsWith("upld");
        assertThat(up.path("size_bytes").asLong()).isEqualTo(csv.length);
        assertThat(up.path("sha256").asText()).isEqualTo(Hashing.sha256Hex(new String(csv, StandardCharsets.UTF_8)));
        assertThat(up.path("created_at").asText()).endsWith("Z");

        JsonNode d = dataset("sales", up.path("id").asText());
        assertThat(d.path("id").asText()).startsWith("data");
        assertThat(d.path("row_count").asLong()).isEqualTo(3);
        assertThat(d.path("columns").get(0).path("name").asText()).isEqualTo("id");
        assertThat(d.path("columns").get(2).path("nullable").asBoolean()).isTrue();

        JsonNode rows = rows("SELECT name, amount FROM datasets.\"sales\" ORDER BY id");
        assertThat(rows.toString()).isEqualTo("[[\"ann\",2.5],[\"bob\",null],[\"c, d\",4]]");
        assertThat(rows("SELECT count(*) FROM datasets.Sales").get(0).get(0).asLong()).isEqualTo(3);
        assertThat(http.get("/v1/datasets/" + d.path("id").asText()).json().path("table_name").asText())
                .isEqualTo("sales");
        // the upload was used up
        Http.Response again = http.post("/v1/datasets",
                "{\"table_name\":\"sales2\",\"upload_id\":\"" + up.path("id").asText() + "\"}");
        assertThat(again.status()).isEqualTo(404);
    }

    @Test
    void jsonLinesJsonArraysAndParquetAreReadBySniffingToo() throws Exception {
        JsonNode ndjson = upload(null, "{\"a\":1,\"b\":\"x\"}\n{\"a\":2,\"b\":null}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(ndjson.path("content_type").asText()).isEqualTo("application/json");
        dataset("lines", ndjson.path("id").asText());
        assertThat(rows("SELECT sum(a) FROM datasets.lines").get(0).get(0).asLong()).isEqualTo(3);

        JsonNode array = upload("application/json", "[{\"a\":5},{\"a\":6}]".getBytes(StandardCharsets.UTF_8));
        dataset("arr", array.path("id").asText());
        assertThat(rows("SELECT max(a) FROM datasets.arr").get(0).get(0).asLong()).isEqualTo(6);

        String resultId = http.query("SELECT range AS n, 'v' || range AS s FROM range(10)").json()
                .path("result_id").asText();
        http.awaitResult(resultId);
        Http.Response parquet = http.send(HttpRequest.newBuilder(http.uri("/results/" + resultId + "/data?format=parquet")).GET());
        JsonNode up = upload("application/octet-stream", parquet.raw().body());
        assertThat(up.path("content_type").asText()).isEqualTo("application/vnd.apache.parquet");
        dataset("pq", up.path("id").asText());
        assertThat(rows("SELECT sum(n) FROM datasets.pq").get(0).get(0).asLong()).isEqualTo(45);
    }

    @Test
    void aResultIsPromotedToADatasetThatOutlivesIt() {
        String resultId = http.query("SELECT 40 + 2 AS answer").json().path("result_id").asText();
        http.awaitResult(resultId);
        Http.Response r = http.post("/v1/datasets", "{\"label\":\"the answer\",\"table_name\":\"answer\",\"from_result\":\"" + resultId + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(http.delete("/results/" + resultId).status()).isEqualTo(204);
        server.app().sweeper().sweepOnce();
        assertThat(rows("SELECT answer FROM datasets.answer").get(0).get(0).asInt()).isEqualTo(42);
    }

    @Test
    void unknownRequestFieldsAreIgnoredAsEverywhereInTheApi() {
        String upload = upload("text/csv", "x\n1\n".getBytes(StandardCharsets.UTF_8)).path("id").asText();
        Http.Response created = http.post("/v1/datasets", "{\"table_name\":\"lenient\",\"upload_id\":\"" + upload
                + "\",\"description\":\"from a newer client\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Http.Response updated = http.put("/v1/datasets/" + created.json().path("id").asText(),
                "{\"label\":\"L\",\"tags\":[\"x\"]}");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().path("label").asText()).isEqualTo("L");
    }

    @Test
    void renameReplaceAndDelete() {
        String id = dataset("before", upload("text/csv", "x\n1\n".getBytes(StandardCharsets.UTF_8)).path("id").asText())
                .path("id").asText();
        Http.Response renamed = http.put("/v1/datasets/" + id, "{\"table_name\":\"after\",\"label\":\"L\"}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(http.query("SELECT * FROM datasets.before").status()).isEqualTo(404);
        assertThat(rows("SELECT x FROM datasets.after").get(0).get(0).asInt()).isEqualTo(1);

        String next = upload("text/csv", "x,y\n7,8\n9,10\n".getBytes(StandardCharsets.UTF_8)).path("id").asText();
        Http.Response replaced = http.put("/v1/datasets/" + id, "{\"upload_id\":\"" + next + "\"}");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().path("row_count").asLong()).isEqualTo(2);
        assertThat(rows("SELECT sum(y) FROM datasets.after").get(0).get(0).asInt()).isEqualTo(18);

        assertThat(http.delete("/v1/datasets/" + id).status()).isEqualTo(204);
        assertThat(http.get("/v1/datasets/" + id).status()).isEqualTo(410);
        assertThat(http.delete("/v1/datasets/" + id).status()).isEqualTo(410);
        assertThat(http.query("SELECT * FROM datasets.after").status()).isEqualTo(404);
        server.app().sweeper().sweepOnce();
        assertThat(server.app().catalog().deletions().pending()).isZero();
        // the name is free again
        dataset("after", upload("text/csv", "z\n3\n".getBytes(StandardCharsets.UTF_8)).path("id").asText());
    }

    @Test
    void theListPagesWithACursor() {
        for (int i = 0; i < 3; i++) {
            dataset("paged" + i, upload("text/csv", ("v\n" + i + "\n").getBytes(StandardCharsets.UTF_8)).path("id").asText());
        }
        List<String> seen = new ArrayList<>();
        String cursor = "";
        do {
            JsonNode page = http.get("/v1/datasets?limit=2&cursor=" + cursor).json();
            page.path("datasets").forEach(d -> seen.add(d.path("table_name").asText()));
            cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
        } while (cursor != null);
        assertThat(seen).contains("paged0", "paged1", "paged2").doesNotHaveDuplicates();
    }

    @Test
    void badFilesAre400WithTheReadersMessageAndCreateNothing() {
        long before = http.get("/v1/datasets?limit=1000").json().path("count").asLong();
        record Bad(String type, byte[] body, String format) {}
        for (Bad bad : List.of(
                new Bad("text/csv", "a,b\n1,2\n3,4\n5,6,7\n".getBytes(StandardCharsets.UTF_8), null),
                new Bad("application/json", "{\"a\": [1, 2".getBytes(StandardCharsets.UTF_8), null),
                new Bad("text/csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), "parquet"),
                new Bad("text/csv", new byte[] {'a', '\n', (byte) 0xff, (byte) 0xfe, '\n'}, null))) {
            String id = upload(bad.type(), bad.body()).path("id").asText();
            Http.Response r = http.post("/v1/datasets", "{\"table_name\":\"bad\",\"upload_id\":\"" + id + "\""
                    + (bad.format() == null ? "" : ",\"format\":\"" + bad.format() + "\"") + "}");
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.errorMessage()).contains("cannot read upload " + id).doesNotContain(dir.toString());
        }
        assertThat(uploadRaw("text/csv", new byte[0]).status()).isEqualTo(400);
        assertThat(http.get("/v1/datasets?limit=1000").json().path("count").asLong()).isEqualTo(before);
        assertThat(http.query("SELECT * FROM datasets.bad").status()).isEqualTo(404);
    }

    @Test
    void anUploadOverTheLimitIs413AndLeavesNoFile() throws Exception {
        Http.Response r = uploadRaw("text/csv", new byte[70 * 1024]);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errorMessage()).contains("files.max_bytes");
        try (Stream<Path> left = Files.list(dir.resolve("data/incoming"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void sqlStillCannotReadFilesDirectly() {
        String id = upload("text/csv", "secret\n1\n".getBytes(StandardCharsets.UTF_8)).path("id").asText();
        Path blob = dir.resolve("data/blobs/uploads/" + id);
        assertThat(blob).exists();
        for (String sql : List.of("SELECT * FROM read_csv('" + blob + "')", "SELECT * FROM '" + blob + "'",
                "SELECT * FROM datasets.\"../uploads\"")) {
            Http.Response r = http.query(sql);
            assertThat(r.status()).as(sql).isIn(403, 404);
        }
    }
}
