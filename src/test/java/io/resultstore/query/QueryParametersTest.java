package io.resultstore.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.resultstore.testing.Http;
import io.resultstore.testing.SharedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /query} with {@code parameters}: bound by the engine, never spliced into the SQL text. */
class QueryParametersTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer();
    static final Http http = server.http();

    @Test
    void parametersAreBoundInOrderToThePlaceholders() {
        Http.Response r = http.post("/query", """
                {"sql": "SELECT ?::INTEGER + 1 AS n, ? AS s, ? IS NULL AS missing, ? * 2 AS x, ? AS yes",
                 "parameters": [41, "it's; DROP TABLE t", null, 1.25, true]}""");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("rows").toString()).isEqualTo("[[42,\"it's; DROP TABLE t\",true,2.5,true]]");
    }

    @Test
    void theSameStatementWithOtherParametersIsAnotherQuery() {
        String sql = "SELECT ?::INTEGER * 10 AS n";
        Http.Response one = http.post("/query", "{\"sql\": \"" + sql + "\", \"parameters\": [1]}");
        Http.Response two = http.post("/query", "{\"sql\": \"" + sql + "\", \"parameters\": [2]}");
        Http.Response oneAgain = http.post("/query", "{\"sql\": \"" + sql + "\", \"parameters\": [1]}");
        Http.Response oneAsText = http.post("/query", "{\"sql\": \"" + sql + "\", \"parameters\": [\"1\"]}");
        assertThat(one.json().path("rows").toString()).isEqualTo("[[10]]");
        assertThat(two.json().path("rows").toString()).isEqualTo("[[20]]");
        assertThat(two.json().path("reused").asBoolean()).isFalse();
        assertThat(oneAgain.json().path("rows").toString()).isEqualTo("[[10]]");
        assertThat(oneAsText.json().path("reused").asBoolean()).isFalse();
    }

    @Test
    void numberedPlaceholdersMayRepeat() {
        Http.Response r = http.post("/query", "{\"sql\": \"SELECT $1 || $1 AS twice\", \"parameters\": [\"ab\"]}");
        assertThat(r.json().path("rows").toString()).isEqualTo("[[\"abab\"]]");
    }

    @Test
    void aParameterListThatDoesNotFitTheStatementIsRefused() {
        Http.Response r = http.post("/query", "{\"sql\": \"SELECT ?::INTEGER AS a, ? AS b\", \"parameters\": [1]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).isEqualTo("the statement has 2 parameters but 1 was given");
        Http.Response wrongType = http.post("/query", "{\"sql\": \"SELECT 1\", \"parameters\": [{\"a\": 1}]}");
        assertThat(wrongType.status()).isEqualTo(422);
        assertThat(wrongType.errorMessage()).isEqualTo("parameters[0] must be null, a boolean, a number or a string");
    }
}
