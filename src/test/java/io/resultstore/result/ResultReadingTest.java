package io.resultstore.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.testing.HeldPublish;
import io.resultstore.testing.Http;
import io.resultstore.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing, paging and querying results; what is not ready stays invisible. */
class ResultReadingTest {
    @TempDir
    Path dir;

    private static String ready(Http http, String sql) {
        String id = http.query(sql).json().path("result_id").asText();
        assertThat(http.awaitResult(id).path("status").asText()).isEqualTo("ready");
        return id;
    }

    @Test
    void listsNewestFirstWithPaginationAndStatusFilter() {
        try (TestServer server = TestServer.start(dir)) {
            Http http = server.http();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(ready(http, "SELECT " + i + " AS i"));
            }
            JsonNode first = http.get("/results?limit=2").json();
            assertThat(first.path("count").asInt()).isEqualTo(2);
            assertThat(first.path("limit").asInt()).isEqualTo(2);
            assertThat(first.path("offset").asInt()).isZero();
            assertThat(first.path("has_more").asBoolean()).isTrue();
            assertThat(first.path("results").path(0).path("id").asText()).isEqualTo(ids.get(4));
            assertThat(first.path("results").path(1).path("id").asText()).isEqualTo(ids.get(3));
            JsonNode item = first.path("results").path(0);
            assertThat(item.path("status").asText()).isEqualTo("ready");
            assertThat(item.path("row_count").asInt()).isEqualTo(1);
            assertThat(item.path("bytes").asLong()).isPositive();
            assertThat(item.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(item.path("expires_at").asText()).endsWith("Z");

            JsonNode last = http.get("/results?limit=2&offset=4").json();
            assertThat(last.path("count").asInt()).isEqualTo(1);
            assertThat(last.path("has_more").asBoolean()).isFalse();
            assertThat(last.path("results").path(0).path("id").asText()).isEqualTo(ids.get(0));

            assertThat(http.get("/results?status=failed").json().path("count").asInt()).isZero();
            assertThat(http.get("/results?status=ready").json().path("count").asInt()).isEqualTo(5);
            assertThat(http.get("/results?limit=0").json().path("limit").asInt()).isEqualTo(1);
            assertThat(http.get("/results?limit=5000").json().path("limit").asInt()).isEqualTo(1000);
            assertThat(http.get("/results?status=done").status()).isEqualTo(400);
            assertThat(http.get("/results?offset=-1").status()).isEqualTo(400);
            assertThat(http.get("/results?limit=abc").status()).isEqualTo(400);
        }
    }

    @Test
    void pagesAReadyResult() {
        try (TestServer server = TestServer.start(dir)) {
            Http http = server.http();
            String id = ready(http, "SELECT range AS n FROM range(100)");
            JsonNode page = http.get("/results/" + id + "?offset=10&limit=5").json();
            assertThat(page.path("result_id").asText()).isEqualTo(id);
            assertThat(page.path("rows").toString()).isEqualTo("[[10],[11],[12],[13],[14]]");
            assertThat(page.path("row_count").asInt()).isEqualTo(100);
            assertThat(page.path("offset").asInt()).isEqualTo(10);
            assertThat(page.path("limit").asInt()).isEqualTo(5);
            assertThat(page.path("has_more").asBoolean()).isTrue();
            assertThat(page.path("columns").toString()).isEqualTo("[\"n\"]");
            assertThat(page.path("nullable").toString()).isEqualTo("[false]");
            JsonNode end = http.get("/results/" + id + "?offset=95&limit=10").json();
            assertThat(end.path("rows").size()).isEqualTo(5);
            assertThat(end.path("has_more").asBoolean()).isFalse();
            JsonNode past = http.get("/results/" + id + "?offset=1000").json();
            assertThat(past.path("rows").size()).isZero();
            assertThat(http.get("/results/" + id + "?limit=-1").status()).isEqualTo(400);
        }
    }

    @Test
    void unknownIdsAreNotFoundAndMalformedOnesBadRequests() {
        try (TestServer server = TestServer.start(dir)) {
            Http http = server.http();
            Http.Response unknown = http.get("/results/rslt00000000000000000000000000");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.errorCode()).isEqualTo("NOT_FOUND");
            for (String bad : List.of("abc", "rslt..%2F..%2Fetc", "qrun00000000000000000000000000", "RSLT00000000000000000000000000")) {
                Http.Response r = http.get("/results/" + bad);
                assertThat(r.status()).as(bad).isEqualTo(400);
                assertThat(r.errorCode()).isEqualTo("BAD_REQUEST");
            }
        }
    }

    @Test
    void aReadyResultWhoseFileVanishedTurnsFailed() throws IOException {
        try (TestServer server = TestServer.start(dir)) {
            Http http = server.http();
            String id = ready(http, "SELECT 1 AS x");
            Files.delete(dir.resolve("blobs").resolve(Result.storageKeyFor(id)));
            JsonNode r = http.get("/results/" + id).json();
            assertThat(r.path("status").asText()).isEqualTo("failed");
            assertThat(r.path("error_message").asText()).contains("data file");
            assertThat(r.has("rows")).isFalse();
            assertThat(http.get("/results?status=failed").json().path("count").asInt()).isEqualTo(1);
            Http.Response sql = http.query("SELECT * FROM results.\"" + id + "\"");
            assertThat(sql.status()).isEqualTo(404);
        }
    }

    @Test
    void resultsCanBeFilteredAggregatedAndJoinedWithSql() {
        try (TestServer server = TestServer.start(dir)) {
            Http http = server.http();
            String people = ready(http, "SELECT * FROM (VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')) t(id, name)");
            String orders = ready(http, "SELECT * FROM (VALUES (1, 10.5), (1, 4.5), (3, 7.0), (9, 1.0)) t(person, amount)");
            JsonNode joined = http.query("SELECT p.name, sum(o.amount) AS total, count(*) AS n FROM results.\"" + people
                    + "\" p JOIN results.\"" + orders + "\" o ON o.person = p.id WHERE o.amount > 1"
                    + " GROUP BY p.name ORDER BY p.name").json();
            assertThat(joined.path("rows").toString()).isEqualTo("[[\"ann\",15,2],[\"cy\",7,1]]");
            // A query over results is itself a query with its own result.
            String derived = joined.path("result_id").asText();
            assertThat(http.awaitResult(derived).path("status").asText()).isEqualTo("ready");
            JsonNode again = http.query("SELECT count(*) AS c FROM results.\"" + derived + "\"").json();
            assertThat(again.path("rows").toString()).isEqualTo("[[2]]");
        }
    }

    @Test
    void aResultStillProcessingIsInvisibleToSqlAndItsRowsAreNotServed() throws Exception {
        HeldPublish held = new HeldPublish();
        TestServer.Builder builder = TestServer.builder(dir).wrapStorage(held::wrap);
        try (TestServer server = builder.start()) {
            Http http = server.http();
            String id = http.query("SELECT 5 AS x").json().path("result_id").asText();
            JsonNode processing = http.get("/results/" + id).json();
            assertThat(processing.path("status").asText()).isEqualTo("processing");
            assertThat(processing.has("rows")).isFalse();
            assertThat(processing.has("error_message")).isFalse();
            Http.Response sql = http.query("SELECT * FROM results.\"" + id + "\"");
            assertThat(sql.status()).isEqualTo(404);
            assertThat(sql.errorCode()).isEqualTo("NOT_FOUND");
            assertThat(sql.errorMessage()).contains(id);
            assertThat(http.get("/results?status=processing").json().path("count").asInt()).isGreaterThanOrEqualTo(1);
            held.release();
            assertThat(http.awaitResult(id).path("status").asText()).isEqualTo("ready");
            assertThat(http.query("SELECT * FROM results.\"" + id + "\"").json().path("rows").toString()).isEqualTo("[[5]]");
        }
    }

    @Test
    void aDeletedResultIsGone() {
        try (TestServer server = TestServer.start(dir)) {
            Http http = server.http();
            String id = ready(http, "SELECT 1 AS x");
            assertThat(http.delete("/results/" + id).status()).isEqualTo(204);
            Http.Response r = http.get("/results/" + id);
            assertThat(r.status()).isEqualTo(410);
            assertThat(r.errorCode()).isEqualTo("GONE");
            assertThat(http.delete("/results/" + id).status()).isEqualTo(410);
            assertThat(http.query("SELECT * FROM results.\"" + id + "\"").status()).isEqualTo(404);
            assertThat(http.get("/results").json().path("count").asInt()).isZero();
        }
    }
}
