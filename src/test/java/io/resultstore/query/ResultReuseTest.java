package io.resultstore.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resultstore.common.Json;
import io.resultstore.testing.Http;
import io.resultstore.testing.SettableClock;
import io.resultstore.testing.SharedServer;
import io.resultstore.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResultReuseTest {
    @RegisterExtension
    static final SharedServer shared = new SharedServer();
    static final Http http = shared.http();

    @TempDir
    Path dir;

    /** A statement no other test sends, so that no earlier result answers it. */
    private static String unique(String sqlWithMarker) {
        return sqlWithMarker.replace("$MARK", "'" + UUID.randomUUID() + "'");
    }

    private static JsonNode query(Http http, String sql, Boolean reuse) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("sql", sql);
        if (reuse != null) {
            body.put("reuse", reuse);
        }
        Http.Response r = http.post("/query", body.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode readyQuery(Http http, String sql) {
        JsonNode first = query(http, sql, null);
        http.awaitResult(first.path("result_id").asText());
        return first;
    }

    @Test
    void aRepeatedStatementIsAnsweredFromTheStoredResult() {
        String sql = unique("SELECT range AS n, $MARK AS tag FROM range(2500) ORDER BY n");
        JsonNode first = readyQuery(http, sql);
        assertThat(first.path("reused").asBoolean()).isFalse();

        JsonNode second = query(http, sql, null);
        assertThat(second.path("reused").asBoolean()).isTrue();
        assertThat(second.path("result_id").asText()).isEqualTo(first.path("result_id").asText());
        assertThat(second.path("query_run_id").asText()).isNotEqualTo(first.path("query_run_id").asText());
        assertThat(second.path("rows")).isEqualTo(first.path("rows"));
        assertThat(second.path("columns")).isEqualTo(first.path("columns"));
        assertThat(second.path("nullable")).isEqualTo(first.path("nullable"));
        assertThat(second.path("row_count").asLong()).isEqualTo(2500);

        JsonNode run = http.get("/query-runs/" + second.path("query_run_id").asText()).json();
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(run.path("reused_from").asText()).isEqualTo(first.path("result_id").asText());
        assertThat(run.path("result_id").asText()).isEqualTo(first.path("result_id").asText());
        assertThat(run.path("result_status").asText()).isEqualTo("ready");
        assertThat(http.get("/query-runs/" + first.path("query_run_id").asText()).json().path("reused_from").isNull())
                .isTrue();
    }

    @Test
    void theInlineLimitAppliesToAReusedAnswer() {
        String sql = unique("SELECT range AS n, $MARK AS tag FROM range(50)");
        readyQuery(http, sql);
        Http.Response r = http.post("/query", Json.MAPPER.createObjectNode().put("sql", sql)
                .put("max_inline_rows", 7).toString());
        assertThat(r.json().path("reused").asBoolean()).isTrue();
        assertThat(r.json().path("rows").size()).isEqualTo(7);
        assertThat(r.json().path("truncated").asBoolean()).isTrue();
        assertThat(r.json().path("row_count").asLong()).isEqualTo(50);
    }

    @Test
    void whitespaceCaseAndCommentsDoNotMakeAnotherStatement() {
        String mark = "'" + UUID.randomUUID() + "'";
        JsonNode first = readyQuery(http, "SELECT 41 + 1 AS answer, " + mark + " AS tag");
        JsonNode again = query(http, "select   41+1   as answer, -- the answer\n " + mark + " as tag;", null);
        assertThat(again.path("reused").asBoolean()).isTrue();
        assertThat(again.path("result_id").asText()).isEqualTo(first.path("result_id").asText());
    }

    @Test
    void anotherLiteralOrAliasIsAnotherStatement() {
        String mark = "'" + UUID.randomUUID() + "'";
        readyQuery(http, "SELECT 1 AS a, " + mark + " AS tag");
        assertThat(query(http, "SELECT 2 AS a, " + mark + " AS tag", null).path("reused").asBoolean()).isFalse();
        assertThat(query(http, "SELECT 1 AS b, " + mark + " AS tag", null).path("reused").asBoolean()).isFalse();
    }

    @Test
    void reuseFalseRunsTheStatementAndItsResultAnswersLaterRepeats() {
        String sql = unique("SELECT $MARK AS tag");
        JsonNode first = readyQuery(http, sql);
        JsonNode forced = query(http, sql, false);
        assertThat(forced.path("reused").asBoolean()).isFalse();
        assertThat(forced.path("result_id").asText()).isNotEqualTo(first.path("result_id").asText());
        http.awaitResult(forced.path("result_id").asText());
        JsonNode later = query(http, sql, null);
        assertThat(later.path("reused").asBoolean()).isTrue();
        assertThat(later.path("result_id").asText()).isEqualTo(forced.path("result_id").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT random() AS r, $MARK AS tag",
        "SELECT now() AS t, $MARK AS tag",
        "SELECT current_timestamp AS t, $MARK AS tag",
        "SELECT CURRENT_DATE AS d, $MARK AS tag",
        "SELECT uuid() AS u, $MARK AS tag",
        "SELECT gen_random_uuid() AS u, $MARK AS tag",
        "SELECT range, $MARK AS tag FROM range(100) TABLESAMPLE 50%",
        "SELECT range, $MARK AS tag FROM range(100) USING SAMPLE 10",
        "SELECT $MARK AS tag FROM range(3) ORDER BY random()",
        "SELECT list_transform([1, 2], x -> x + random()) AS l, $MARK AS tag",
        "WITH t AS (SELECT setseed(0.5) AS s) SELECT $MARK AS tag FROM t",
        "SELECT range, $MARK AS tag FROM range((random() * 3)::INT)",
    })
    void nonDeterministicStatementsAreNeverReused(String template) {
        String sql = unique(template);
        JsonNode first = readyQuery(http, sql);
        JsonNode second = query(http, sql, null);
        assertThat(second.path("reused").asBoolean()).as(sql).isFalse();
        assertThat(second.path("result_id").asText()).isNotEqualTo(first.path("result_id").asText());
    }

    @Test
    void aStatementOverAStoredResultIsReusedAndRunsAgainOnceThatResultIsGone() {
        String base = readyQuery(http, unique("SELECT range AS n, $MARK AS tag FROM range(10)"))
                .path("result_id").asText();
        String sql = "SELECT sum(n) AS total FROM results.\"" + base + "\"";
        JsonNode first = readyQuery(http, sql);
        JsonNode second = query(http, sql, null);
        assertThat(second.path("reused").asBoolean()).isTrue();
        assertThat(second.path("rows").get(0).get(0).asLong()).isEqualTo(45);

        assertThat(http.delete("/results/" + base).status()).isEqualTo(204);
        Http.Response after = http.post("/query", Json.MAPPER.createObjectNode().put("sql", sql).toString());
        assertThat(after.status()).isEqualTo(404);
        assertThat(first.path("result_id").asText()).isNotEmpty();
    }

    @Test
    void aDeletedResultIsNotReused() {
        String sql = unique("SELECT $MARK AS tag");
        JsonNode first = readyQuery(http, sql);
        assertThat(http.delete("/results/" + first.path("result_id").asText()).status()).isEqualTo(204);
        JsonNode second = query(http, sql, null);
        assertThat(second.path("reused").asBoolean()).isFalse();
        assertThat(second.path("result_id").asText()).isNotEqualTo(first.path("result_id").asText());
    }

    @Test
    void aResultOlderThanTheReuseTtlIsNotReused() {
        SettableClock clock = new SettableClock(Instant.now());
        try (TestServer server = TestServer.builder(dir).clock(clock).set("query.reuse_ttl", "1h").start()) {
            String sql = unique("SELECT $MARK AS tag");
            JsonNode first = readyQuery(server.http(), sql);
            clock.advance(Duration.ofMinutes(59));
            assertThat(query(server.http(), sql, null).path("reused").asBoolean()).isTrue();
            clock.advance(Duration.ofMinutes(2));
            JsonNode late = query(server.http(), sql, null);
            assertThat(late.path("reused").asBoolean()).isFalse();
            assertThat(late.path("result_id").asText()).isNotEqualTo(first.path("result_id").asText());
        }
    }

    @Test
    void aZeroReuseTtlTurnsReuseOff() {
        try (TestServer server = TestServer.builder(dir).set("query.reuse_ttl", "0").start()) {
            String sql = unique("SELECT $MARK AS tag");
            readyQuery(server.http(), sql);
            assertThat(query(server.http(), sql, null).path("reused").asBoolean()).isFalse();
        }
    }

    @Test
    void aWronglyTypedReuseFieldIsUnprocessable() {
        Http.Response r = http.post("/query", "{\"sql\": \"SELECT 1\", \"reuse\": \"no\"}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.errorMessage()).isEqualTo("field 'reuse' must be a boolean");
    }
}
