package io.resultstore.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Json;
import io.resultstore.testing.RawHttp;
import io.resultstore.testing.SharedServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** With auth configured, a missing or garbled token is a JSON 401 before the body is even looked at. */
class HostileAuthTest {
    private static final String TOKEN = "s3cret";

    @RegisterExtension
    static final SharedServer server = new SharedServer(b -> b.set("auth.tokens", TOKEN));

    record AuthCase(String method, String path, String authorization, byte[] body) {
        @Override
        public String toString() {
            return method + " " + path + " Authorization=" + (authorization == null ? "none" : Case.shorten(authorization));
        }
    }

    static Stream<AuthCase> cases() {
        List<String> headers = new ArrayList<>(List.of("", "Bearer", "Bearer ", "Bearer  ", "Basic czNjcmV0", "Token s3cret",
                "Bearer s3cret s3cret", "Bearer S3CRET", "Bearer s3cre", "Bearer s3cret0", "Bearer\ts3cret",
                "Bearer " + "x".repeat(4000), "Bearer s3cret\u00e9"));
        List<AuthCase> cases = new ArrayList<>();
        for (String h : headers) {
            cases.add(new AuthCase("POST", "/query", h, Case.utf8("{\"sql\":\"SELECT 1\"}")));
            cases.add(new AuthCase("PUT", "/api/result/42", h, Case.utf8(PayloadCases.OK)));
        }
        cases.add(new AuthCase("POST", "/query", null, Case.utf8("{not json")));
        cases.add(new AuthCase("PUT", "/api/result/..", null, Case.utf8("[]")));
        cases.add(new AuthCase("GET", "/results", null, null));
        cases.add(new AuthCase("GET", "/api/result/stats", null, null));
        cases.add(new AuthCase("DELETE", "/results/rslt00000000000000000000000000", null, null));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isUnauthorizedAndStoresNothing(AuthCase c) throws IOException {
        RawHttp raw = new RawHttp(server.server().url());
        Map<String, String> headers = c.authorization() == null ? Map.of("Content-Type", "application/json")
                : Map.of("Content-Type", "application/json", "Authorization", c.authorization());
        RawHttp.Response r = raw.send(c.method(), c.path(), headers, c.body());
        assertThat(r.status()).as(r.text()).isEqualTo(401);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode error = Json.MAPPER.readTree(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(error.path("message").asText()).isNotBlank();

        Map<String, String> auth = Map.of("Authorization", "Bearer " + TOKEN);
        JsonNode results = Json.MAPPER.readTree(raw.send("GET", "/results", auth, null).body());
        JsonNode stats = Json.MAPPER.readTree(raw.send("GET", "/api/result/stats", auth, null).body());
        assertThat(results.path("count").asInt()).isZero();
        assertThat(stats.path("total").path("count").asLong()).isZero();
    }
}
