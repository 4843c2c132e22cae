package io.resultstore.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.testing.Http;
import io.resultstore.testing.SharedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class QueryEndpointTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer();
    static final Http http = server.http();

    @Test
    void answersRowsAtOnceAndTheResultBecomesReadyAndQueryable() {
        Http.Response r = http.query("SELECT range AS n FROM range(5)");
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("columns").toString()).isEqualTo("[\"n\"]");
        assertThat(body.path("rows").toString()).isEqualTo("[[0],[1],[2],[3],[4]]");
        assertThat(body.path("row_count").asLong()).isEqualTo(5);
        assertThat(body.path("truncated").asBoolean()).isFalse();
        assertThat(body.has("warning")).isFalse();
        String id = body.path("result_id").asText();

        JsonNode result = http.awaitResult(id);
        assertThat(result.path("status").asText()).isEqualTo("ready");
        assertThat(result.path("rows").toString()).isEqualTo("[[0],[1],[2],[3],[4]]");

        Http.Response sum = http.query("SELECT sum(n) AS s FROM results.\"" + id + "\"");
        assertThat(sum.json().path("rows").toString()).isEqualTo("[[10]]");
    }

    @Test
    void emptySqlIsABadRequest() {
        Http.Response r = http.query("   ");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("BAD_REQUEST");
        assertThat(r.errorMessage()).isEqualTo("SQL query cannot be empty");
    }
}
