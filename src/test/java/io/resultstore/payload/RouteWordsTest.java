package io.resultstore.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.testing.Http;
import io.resultstore.testing.SharedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Execution ids spelled like the fixed endpoints ({@code resolve}, {@code stats}, {@code ref}) are ordinary ids. */
class RouteWordsTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer();
    static final Http http = server.http();

    @ParameterizedTest
    @ValueSource(strings = {"resolve", "stats", "ref", "list", "step"})
    void anExecutionNamedLikeARouteStoresReadsListsAndDeletes(String eid) {
        Http.Response put = http.put("/api/result/" + eid, "{\"name\":\"step_a\",\"data\":{\"v\":1},\"scope\":\"step\"}");
        assertThat(put.status()).isEqualTo(200);
        String ref = put.json().path("ref").asText();
        assertThat(ref).startsWith("noetl://execution/" + eid + "/result/step_a/");

        assertThat(http.get("/api/result/" + eid + "/step_a").body()).isEqualTo("{\"v\":1}");
        JsonNode list = http.get("/api/result/" + eid + "/list").json();
        assertThat(list.path("execution_id").asText()).isEqualTo(eid);
        assertThat(list.path("count").asInt()).isEqualTo(1);
        assertThat(http.get("/api/result/resolve?ref=" + ref).body()).isEqualTo("{\"v\":1}");

        Http.Response deleted = http.delete("/api/result/" + eid + "/step/step_a");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().path("deleted").asInt()).isEqualTo(1);
        assertThat(http.get("/api/result/resolve?ref=" + ref).status()).isEqualTo(410);
    }

    @ParameterizedTest
    @ValueSource(strings = {"resolve", "stats", "list", "step"})
    void bulkDeleteByPathWorksForEveryRouteWordButRef(String eid) {
        http.put("/api/result/" + eid, "{\"name\":\"a\",\"data\":1}");
        Http.Response deleted = http.delete("/api/result/" + eid);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().path("execution_id").asText()).isEqualTo(eid);
        assertThat(deleted.json().path("deleted").asInt()).isEqualTo(1);
    }

    @Test
    void deleteOfTheBareWordRefIsTheRefEndpoint() {
        Http.Response r = http.delete("/api/result/ref");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).isEqualTo("missing query parameter 'ref'");
    }
}
