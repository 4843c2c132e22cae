package io.resultstore.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Json;
import io.resultstore.testing.ForwardingStorage;
import io.resultstore.testing.HeldPublish;
import io.resultstore.testing.Http;
import io.resultstore.testing.SharedServer;
import io.resultstore.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DownloadsTest {
    private static final String SQL = "SELECT range AS n, CASE WHEN range = 1 THEN NULL WHEN range = 2 THEN ''"
            + " ELSE 'a,\"' || range || '\"' END AS s FROM range(3)";

    @RegisterExtension
    static final SharedServer shared = new SharedServer();
    static final Http http = shared.http();
    @TempDir
    static Path dir;
    static String id;

    @BeforeAll
    static void storeTheSharedResult() {
        id = readyResult(SQL);
    }

    static String readyResult(String sql) {
        Http.Response r = http.query(sql);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String resultId = r.json().path("result_id").asText();
        assertThat(http.awaitResult(resultId).path("status").asText()).isEqualTo("ready");
        return resultId;
    }

    private static Http.Response download(String query, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri("/results/" + id + "/data" + query)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b);
    }

    @Test
    void csvHasAHeaderQuotesWhatNeedsQuotingAndTellsNullFromEmpty() {
        Http.Response r = download("?format=csv");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(r.body()).isEqualTo("n,s\n0,\"a,\"\"0\"\"\"\n1,\n2,\"\"\n");
    }

    @Test
    void jsonLinesHoldOneObjectPerRow() {
        Http.Response r = download("?format=jsonl");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        List<JsonNode> rows = r.body().lines().map(DownloadsTest::json).toList();
        assertThat(rows).extracting(JsonNode::toString).containsExactly(
                "{\"n\":0,\"s\":\"a,\\\"0\\\"\"}", "{\"n\":1,\"s\":null}", "{\"n\":2,\"s\":\"\"}");
    }

    @Test
    void parquetIsTheStoredFileAndDuckDbReadsIt() throws Exception {
        Http.Response r = download("?format=parquet");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().firstValue("Content-Type")).hasValue("application/vnd.apache.parquet");
        assertThat(r.raw().headers().firstValueAsLong("Content-Length")).hasValue(r.raw().body().length);
        assertThat(r.raw().headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(r.raw().headers().firstValue("ETag")).hasValue("\"" + id + "\"");
        Path file = dir.resolve("download.parquet");
        Files.write(file, r.raw().body());
        assertThat(readWithDuckDb(file)).containsExactly("0|a,\"0\"", "1|null", "2|");
    }

    @Test
    void arrowStreamReadsBackWithArrowJava() throws IOException {
        Http.Response r = download("?format=arrow");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().firstValue("Content-Type")).hasValue("application/vnd.apache.arrow.stream");
        List<String> rows = new ArrayList<>();
        try (RootAllocator allocator = new RootAllocator();
                ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(r.raw().body()), allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertThat(root.getSchema().getFields()).extracting(f -> f.getName()).containsExactly("n", "s");
            while (reader.loadNextBatch()) {
                BigIntVector n = (BigIntVector) root.getVector("n");
                VarCharVector s = (VarCharVector) root.getVector("s");
                for (int i = 0; i < root.getRowCount(); i++) {
                    rows.add(n.get(i) + "|" + (s.isNull(i) ? "null" : new String(s.get(i), StandardCharsets.UTF_8)));
                }
            }
        }
        assertThat(rows).containsExactly("0|a,\"0\"", "1|null", "2|");
    }

    @Test
    void theFormatMayComeFromAccept() {
        Http.Response r = download("", "Accept", "application/x-ndjson;q=0.9, */*;q=0.1");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        assertThat(r.body().lines().count()).isEqualTo(3);

        Http.Response fallback = download("", "Accept", "*/*");
        assertThat(fallback.raw().headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
    }

    @Test
    void anUnknownFormatIsABadRequest() {
        Http.Response r = download("?format=xlsx");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("BAD_REQUEST");
        assertThat(r.errorMessage()).isEqualTo("unknown format 'xlsx': expected one of csv, jsonl, parquet, arrow");
    }

    @Test
    void parquetServesByteRanges() {
        byte[] whole = download("?format=parquet").raw().body();
        long size = whole.length;

        Http.Response head = download("?format=parquet", "Range", "bytes=0-3");
        assertThat(head.status()).isEqualTo(206);
        assertThat(head.body()).isEqualTo("PAR1");
        assertThat(head.raw().headers().firstValue("Content-Range")).hasValue("bytes 0-3/" + size);
        assertThat(head.raw().headers().firstValueAsLong("Content-Length")).hasValue(4);

        Http.Response tail = download("?format=parquet", "Range", "bytes=-8");
        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.raw().body()).isEqualTo(Arrays.copyOfRange(whole, whole.length - 8, whole.length));
        assertThat(tail.raw().headers().firstValue("Content-Range"))
                .hasValue("bytes " + (size - 8) + "-" + (size - 1) + "/" + size);

        Http.Response middle = download("?format=parquet", "Range", "bytes=5-");
        assertThat(middle.status()).isEqualTo(206);
        assertThat(middle.raw().body()).isEqualTo(Arrays.copyOfRange(whole, 5, whole.length));

        Http.Response beyond = download("?format=parquet", "Range", "bytes=" + size + "-");
        assertThat(beyond.status()).isEqualTo(416);
        assertThat(beyond.raw().headers().firstValue("Content-Range")).hasValue("bytes */" + size);

        Http.Response several = download("?format=parquet", "Range", "bytes=0-1,4-5");
        assertThat(several.status()).isEqualTo(200);
        assertThat(several.raw().body()).isEqualTo(whole);
    }

    @Test
    void headAnswersTheParquetSizeWithoutABody() {
        long size = download("?format=parquet").raw().body().length;
        Http.Response r = http.send(HttpRequest.newBuilder(http.uri("/results/" + id + "/data?format=parquet"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().firstValueAsLong("Content-Length")).hasValue(size);
        assertThat(r.raw().body()).isEmpty();
    }

    @Test
    void unknownMalformedAndDeletedResultsAnswerAsEveryRead() {
        assertThat(http.get("/results/rslt00000000000000000000000000/data").status()).isEqualTo(404);
        assertThat(http.get("/results/nope/data").status()).isEqualTo(400);
        String doomed = readyResult("SELECT 1 AS one");
        assertThat(http.delete("/results/" + doomed).status()).isEqualTo(204);
        Http.Response gone = http.get("/results/" + doomed + "/data?format=parquet");
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.errorCode()).isEqualTo("GONE");
    }

    @Test
    void aFailedResultHasNoDataToDownload() {
        Http.Response r = http.query("SELECT 1 AS one");
        String resultId = r.json().path("result_id").asText();
        http.awaitResult(resultId);
        shared.server().app().catalog().results().failReady(resultId, "disk on fire");
        Http.Response failed = http.get("/results/" + resultId + "/data");
        assertThat(failed.status()).isEqualTo(409);
        assertThat(failed.errorMessage()).isEqualTo("result " + resultId + " is failed: disk on fire; it has no data to download");
    }

    @Test
    void everyColumnTypeDownloadsInEveryFormat() throws Exception {
        String typed = readyResult("SELECT 1::TINYINT AS ti, 2::SMALLINT AS si, 3::INTEGER AS i, 9007199254740993::BIGINT AS bi,"
                + " 170141183460469231731687303715884105727::HUGEINT AS hi, 18446744073709551615::UBIGINT AS ub,"
                + " 12.345::DECIMAL(10,3) AS dec, 'NaN'::DOUBLE AS nan, 1.5::FLOAT AS f, true AS b, 'x\ny' AS s,"
                + " '\\xAA'::BLOB AS bl, DATE '2024-02-29' AS d, TIME '12:34:56' AS t,"
                + " TIMESTAMP '2024-01-02 03:04:05.123456' AS ts, TIMESTAMPTZ '2024-01-02 03:04:05+02' AS tz,"
                + " INTERVAL 3 DAY AS iv, '5b0b6b0e-3a3e-4b0e-9c2e-5b0b6b0e3a3e'::UUID AS u, [1, 2, NULL] AS l,"
                + " {'a': 1, 'b': 'two'} AS st, MAP {'k': 1} AS m, NULL::VARCHAR AS n FROM range(2)");
        Http.Response csv = http.get("/results/" + typed + "/data?format=csv");
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.body()).startsWith("ti,si,i,bi,hi,ub,dec,nan,f,b,s,bl,d,t,ts,tz,iv,u,l,st,m,n\n1,2,3,9007199254740993,"
                + "170141183460469231731687303715884105727,18446744073709551615,12.345,NaN,1.5,true,\"x\ny\",qg==,2024-02-29,"
                + "12:34:56,2024-01-02T03:04:05.123456,2024-01-02T01:04:05Z,3 days,5b0b6b0e-3a3e-4b0e-9c2e-5b0b6b0e3a3e,"
                + "\"[1,2,null]\",\"{\"\"a\"\":1,\"\"b\"\":\"\"two\"\"}\",\"{\"\"k\"\":1}\",\n");
        Http.Response jsonl = http.get("/results/" + typed + "/data?format=jsonl");
        assertThat(jsonl.status()).as(jsonl.body()).isEqualTo(200);
        JsonNode first = json(jsonl.body().lines().findFirst().orElseThrow());
        assertThat(first.path("bi").asText()).isEqualTo("9007199254740993");
        assertThat(first.path("st").toString()).isEqualTo("{\"a\":1,\"b\":\"two\"}");
        assertThat(first.path("n").isNull()).isTrue();
        assertThat(http.get("/results/" + typed).json().path("rows").get(0)).isEqualTo(
                Json.MAPPER.readTree("[" + fieldsOf(first) + "]"));
        Http.Response arrow = http.get("/results/" + typed + "/data?format=arrow");
        assertThat(arrow.status()).as(arrow.body()).isEqualTo(200);
        try (RootAllocator allocator = new RootAllocator();
                ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(arrow.raw().body()), allocator)) {
            assertThat(reader.getVectorSchemaRoot().getSchema().getFields()).hasSize(22);
            long rows = 0;
            while (reader.loadNextBatch()) {
                rows += reader.getVectorSchemaRoot().getRowCount();
            }
            assertThat(rows).isEqualTo(2);
        }
    }

    private static String fieldsOf(JsonNode object) {
        List<String> values = new ArrayList<>();
        object.elements().forEachRemaining(v -> values.add(v.toString()));
        return String.join(",", values);
    }

    @Test
    void anEmptyResultDownloadsAsJustItsShape() throws Exception {
        String empty = readyResult("SELECT range AS n, 'x' AS s FROM range(0)");
        assertThat(http.get("/results/" + empty + "/data?format=csv").body()).isEqualTo("n,s\n");
        Http.Response jsonl = http.get("/results/" + empty + "/data?format=jsonl");
        assertThat(jsonl.status()).isEqualTo(200);
        assertThat(jsonl.body()).isEmpty();
        Http.Response arrow = http.get("/results/" + empty + "/data?format=arrow");
        assertThat(arrow.status()).isEqualTo(200);
        try (RootAllocator allocator = new RootAllocator();
                ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(arrow.raw().body()), allocator)) {
            assertThat(reader.getVectorSchemaRoot().getSchema().getFields()).extracting(f -> f.getName()).containsExactly("n", "s");
            long rows = 0;
            while (reader.loadNextBatch()) {
                rows += reader.getVectorSchemaRoot().getRowCount();
            }
            assertThat(rows).isZero();
        }
        Http.Response parquet = http.get("/results/" + empty + "/data?format=parquet");
        Path file = dir.resolve("empty.parquet");
        Files.write(file, parquet.raw().body());
        assertThat(readWithDuckDb(file)).isEmpty();
    }

    @Test
    void aMillionRowsStreamInEveryFormat() throws Exception {
        String big = readyResult("SELECT range AS n, range * 2 AS twice FROM range(1000000)");
        Http.Response csv = http.get("/results/" + big + "/data?format=csv");
        assertThat(csv.body().lines().count()).isEqualTo(1_000_001);
        assertThat(csv.body()).endsWith("\n999999,1999998\n");
        Http.Response jsonl = http.get("/results/" + big + "/data?format=jsonl");
        assertThat(jsonl.body().lines().count()).isEqualTo(1_000_000);
        Http.Response arrow = http.get("/results/" + big + "/data?format=arrow");
        long rows = 0;
        try (RootAllocator allocator = new RootAllocator();
                ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(arrow.raw().body()), allocator)) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                BigIntVector n = (BigIntVector) root.getVector("n");
                BigIntVector twice = (BigIntVector) root.getVector("twice");
                // Column buffers go to the socket as they are: every value must arrive where it was.
                for (int i = 0; i < root.getRowCount(); i++) {
                    assertThat(n.get(i)).isEqualTo(rows + i);
                    assertThat(twice.get(i)).isEqualTo(2 * (rows + i));
                }
                rows += root.getRowCount();
            }
        }
        assertThat(rows).isEqualTo(1_000_000);
    }

    @Test
    void aResultStillBeingWrittenIsAConflict(@TempDir Path other) throws Exception {
        HeldPublish held = new HeldPublish();
        try (TestServer blocked = TestServer.builder(other).wrapStorage(held::wrap).start()) {
            Http client = blocked.http();
            String resultId = client.query("SELECT 42 AS answer").json().path("result_id").asText();
            held.awaitPublishing();
            Http.Response early = client.get("/results/" + resultId + "/data?format=csv");
            assertThat(early.status()).isEqualTo(409);
            assertThat(early.errorCode()).isEqualTo("CONFLICT");
            assertThat(early.errorMessage()).isEqualTo("result " + resultId + " is still processing; retry when it is ready");
            held.release();
            client.awaitResult(resultId);
            assertThat(client.get("/results/" + resultId + "/data?format=csv").body()).isEqualTo("answer\n42\n");
        } finally {
            held.release();
        }
    }

    @Test
    void aStorageFailureMidDownloadAbortsTheConnectionInsteadOfEndingCleanly(@TempDir Path other) {
        try (TestServer flaky = TestServer.builder(other).wrapStorage(s -> new ForwardingStorage(s) {
            @Override
            public InputStream openRange(String key, long offset, long length) throws IOException {
                InputStream in = super.openRange(key, offset, length);
                return new FilterInputStream(in) {
                    long read;

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (read > 512 * 1024) {
                            throw new IOException("disk read error");
                        }
                        int n = super.read(b, off, len);
                        read += Math.max(n, 0);
                        return n;
                    }
                };
            }
        }).start()) {
            Http client = flaky.http();
            String resultId = client.query("SELECT md5(range::VARCHAR) AS h FROM range(200000)").json()
                    .path("result_id").asText();
            client.awaitResult(resultId);
            assertThatThrownBy(() -> client.get("/results/" + resultId + "/data?format=parquet"))
                    .isInstanceOf(UncheckedIOException.class);
            assertThat(client.get("/results/" + resultId).status()).isEqualTo(200);
        }
    }

    private static List<String> readWithDuckDb(Path file) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT n, s FROM read_parquet('" + file + "') ORDER BY n")) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + "|" + rs.getString(2));
            }
        }
        return rows;
    }

    private static JsonNode json(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }
}
