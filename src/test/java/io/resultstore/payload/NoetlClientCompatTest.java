package io.resultstore.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.testing.Http;
import io.resultstore.testing.SharedServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays the requests a NoETL worker sends to {@code /api/result} (a pydantic model dumped with every field,
 * nulls included) and checks the answers have the shapes it reads.
 */
class NoetlClientCompatTest {
    @RegisterExtension
    static final SharedServer shared = new SharedServer();
    static final Http http = shared.http();

    @Test
    void workerStoresAStepResultAndResolvesTheReturnedRef() {
        String executionId = "507861249812774912";
        String stepResult = "{\"status\": \"success\", \"data\": {\"rows\": [{\"id\": 1, \"city\": \"Zürich\", \"temp\": 3.5}],"
                + " \"row_count\": 1}, \"meta\": {\"duration_ms\": 12}}";
        Http.Response put = http.put("/api/result/" + executionId, "{\"name\": \"fetch_weather\", \"data\": " + stepResult
                + ", \"scope\": \"execution\", \"store\": null, \"ttl\": null, \"source_step\": \"fetch_weather\","
                + " \"correlation\": null, \"extracted\": null, \"compress\": false}");
        assertThat(put.status()).isEqualTo(200);
        JsonNode ref = put.json();
        assertThat(names(ref)).containsExactly("ref", "store", "scope", "expires_at", "bytes", "sha256");
        assertThat(ref.path("ref").asText()).startsWith("noetl://execution/" + executionId + "/result/fetch_weather/");
        assertThat(ref.path("scope").asText()).isEqualTo("execution");
        assertThat(ref.path("bytes").isIntegralNumber()).isTrue();
        assertThat(ref.path("sha256").asText()).matches("[0-9a-f]{64}");

        Http.Response data = http.get("/api/result/resolve?ref=" + URLEncoder.encode(ref.path("ref").asText(),
                StandardCharsets.UTF_8));
        assertThat(data.status()).isEqualTo(200);
        assertThat(data.json()).isEqualTo(new Http.Response(200, stepResult, null).json());

        Http.Response byStep = http.get("/api/result/" + executionId + "/fetch_weather");
        assertThat(byStep.json()).isEqualTo(data.json());
    }

    @Test
    void loopIterationsWithCorrelationAreListedAndCleanedUp() {
        String executionId = "507861249812774913";
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Http.Response r = http.put("/api/result/" + executionId, "{\"name\": \"loop_step\", \"data\": {\"item\": " + i
                    + "}, \"scope\": \"step\", \"source_step\": \"loop_step\", \"correlation\": {\"loop_index\": " + i
                    + ", \"loop_id\": \"l1\"}, \"extracted\": {\"has_more\": " + (i < 2) + "}, \"ttl\": \"1h\"}");
            assertThat(r.status()).isEqualTo(200);
            refs.add(r.json().path("ref").asText());
        }
        JsonNode list = http.get("/api/result/" + executionId + "/list?step_name=loop_step").json();
        assertThat(names(list)).containsExactly("execution_id", "count", "refs");
        assertThat(list.path("count").asInt()).isEqualTo(3);
        assertThat(list.path("refs").findValuesAsText("ref")).containsExactlyElementsOf(refs);
        JsonNode last = list.path("refs").get(2);
        assertThat(last.path("correlation").path("loop_index").asInt()).isEqualTo(2);
        assertThat(last.path("extracted").path("has_more").asBoolean()).isFalse();

        Http.Response cleanup = http.delete("/api/result/" + executionId + "/step/loop_step");
        assertThat(cleanup.json().path("deleted").asInt()).isEqualTo(3);
        assertThat(cleanup.json().path("scope").asText()).isEqualTo("step");
        Http.Response gone = http.get("/api/result/resolve?ref=" + URLEncoder.encode(refs.get(0), StandardCharsets.UTF_8));
        assertThat(gone.status()).isEqualTo(410);

        Http.Response end = http.delete("/api/result/" + executionId + "?scope=execution");
        assertThat(names(end.json())).containsExactly("execution_id", "deleted", "scope");
    }

    static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
