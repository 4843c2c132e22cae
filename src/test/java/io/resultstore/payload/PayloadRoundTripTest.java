package io.resultstore.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Hashing;
import io.resultstore.testing.PayloadBlobs;
import io.resultstore.testing.Http;
import io.resultstore.testing.SharedServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every JSON shape comes back as it went in (in canonical form), whatever tier or compression holds it. */
class PayloadRoundTripTest {
    @RegisterExtension
    static final SharedServer shared = new SharedServer(b -> b.set("payloads.inline_max_bytes", "256").set("server.max_body", "24MiB"));
    static final Http http = shared.http();

    static Stream<String> shapes() {
        return Stream.of(
                "null", "true", "false", "0", "-1", "42", "3.14", "1.0", "1.50", "-0.000001", "1E+400", "1E-400",
                "9223372036854775807", "9223372036854775808", "-9223372036854775809",
                "123456789012345678901234567890123456789", "0.1000000000000000055511151231257827",
                "\"\"", "\"plain\"", "\"quote \\\" backslash \\\\ slash / tab \\t newline \\n\"",
                "\"\\u0000 control \\u001f\"", "\"unicode: é ü ß 日本語 😀 \uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08\"",
                "[]", "{}", "[[],{},[{}]]", "[1,\"a\",null,true,{\"k\":[2.5]}]",
                "{\"a\":1,\"b\":{\"c\":[1,2,{\"d\":null}]},\"日本\":\"語\",\"\":\"empty key\"}",
                "[" + "x".repeat(300).chars().mapToObj(c -> "1").reduce((a, b) -> a + "," + b).orElseThrow() + "]");
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void everyShapeRoundTripsInlineAndInBlobsCompressedOrNot(String data) throws Exception {
        String canonical = new String(CanonicalJson.bytes(CanonicalJson.READER.readTree(data)), StandardCharsets.UTF_8);
        for (String extra : new String[] {"", ", \"compress\": true", ", \"store\": \"disk\"",
                ", \"store\": \"disk\", \"compress\": true"}) {
            JsonNode r = put("{\"name\": \"shape\", \"data\": " + data + extra + "}");
            assertThat(r.path("sha256").asText()).isEqualTo(Hashing.sha256Hex(canonical));
            assertThat(r.path("bytes").asLong()).isEqualTo(canonical.getBytes(StandardCharsets.UTF_8).length);
            Http.Response back = resolve(r.path("ref").asText());
            assertThat(back.status()).isEqualTo(200);
            assertThat(back.body()).as(extra).isEqualTo(canonical);
            // Re-parsing what came back gives the same value as what was sent.
            assertThat(CanonicalJson.READER.readTree(back.body())).isEqualTo(CanonicalJson.READER.readTree(data));
        }
    }

    @Test
    void bigNumbersKeepEveryDigit() {
        JsonNode r = put("{\"name\": \"n\", \"data\": [18446744073709551616, 1.00000000000000000000000001, 2.50]}");
        assertThat(resolve(r.path("ref").asText()).body())
                .isEqualTo("[18446744073709551616,1.00000000000000000000000001,2.50]");
    }

    @Test
    void deepNestingRoundTrips() {
        String deep = "[".repeat(2000) + "{\"k\":\"v\"}" + "]".repeat(2000);
        JsonNode r = put("{\"name\": \"deep\", \"data\": " + deep + "}");
        assertThat(resolve(r.path("ref").asText()).body()).isEqualTo(deep);
    }

    @Test
    void equalDataGivesEqualHashesWhateverTheKeyOrderOrSpacing() {
        JsonNode a = put("{\"name\": \"h\", \"data\": {\"x\": 1, \"y\": {\"b\": [1, 2], \"a\": \"é\"}}}");
        JsonNode b = put("{\"data\":{ \"y\" : {\"a\":\"\\u00e9\",\"b\":[1,2]},\n \"x\":1 },\"name\":\"h\"}");
        assertThat(a.path("sha256").asText()).isEqualTo(b.path("sha256").asText());
        assertThat(a.path("bytes").asLong()).isEqualTo(b.path("bytes").asLong());
        assertThat(a.path("ref").asText()).isNotEqualTo(b.path("ref").asText());
        JsonNode c = put("{\"name\": \"h\", \"data\": {\"x\": 1, \"y\": {\"b\": [2, 1], \"a\": \"é\"}}}");
        assertThat(c.path("sha256").asText()).isNotEqualTo(a.path("sha256").asText());
    }

    @Test
    void oneMebibytePayloadRoundTrips() {
        roundTripRandom(1 << 20, 1);
    }

    @Test
    void twentyMebibytePayloadRoundTripsCompressedAndNot() {
        roundTripRandom(20 << 20, 2);
    }

    @Test
    void bodiesOverTheLimitAreRefusedWith413() {
        String body = "{\"name\": \"huge\", \"data\": \"" + "a".repeat(25 << 20) + "\"}";
        Http.Response r = http.put("/api/result/rt", body);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    private void roundTripRandom(int size, long seed) {
        Random random = new Random(seed);
        StringBuilder data = new StringBuilder(size + 100).append('[');
        while (data.length() < size) {
            data.append("{\"a\":").append(random.nextLong()).append(",\"b\":\"")
                    .append(Long.toString(random.nextLong(), 36)).append("é\",\"c\":").append(random.nextInt(1000))
                    .append(".25},");
        }
        data.setLength(data.length() - 1);
        data.append(']');
        String canonical = data.toString();
        for (String extra : new String[] {"", ", \"compress\": true"}) {
            JsonNode r = put("{\"name\": \"big\", \"data\": " + canonical + extra + "}");
            assertThat(r.path("store").asText()).isEqualTo("disk");
            assertThat(r.path("sha256").asText()).isEqualTo(Hashing.sha256Hex(canonical));
            Http.Response back = resolve(r.path("ref").asText());
            assertThat(back.status()).isEqualTo(200);
            assertThat(back.body().length()).isEqualTo(canonical.length());
            assertThat(back.body()).isEqualTo(canonical);
        }
    }

    @Test
    void aCorruptedBlobIsAnInternalErrorNotWrongData() throws Exception {
        JsonNode r = put("{\"name\": \"c\", \"data\": \"" + "q".repeat(1000) + "\"}");
        long id = NoetlRef.parse(r.path("ref").asText()).id();
        Path blob = PayloadBlobs.file(shared.dataDir(), "rt", id);
        byte[] bytes = Files.readAllBytes(blob);
        bytes[10] = 'Q';
        Files.write(blob, bytes);
        Http.Response back = resolve(r.path("ref").asText());
        assertThat(back.status()).isEqualTo(500);
        assertThat(back.errorCode()).isEqualTo("INTERNAL");
        assertThat(back.errorMessage()).isEqualTo("payload " + id + " failed its integrity check");
    }

    @Test
    void aCorruptedCompressedBlobIsAnInternalErrorToo() throws Exception {
        JsonNode r = put("{\"name\": \"c\", \"data\": \"" + "q".repeat(1000) + "\", \"compress\": true}");
        long id = NoetlRef.parse(r.path("ref").asText()).id();
        Path blob = PayloadBlobs.file(shared.dataDir(), "rt", id);
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(blob, bytes);
        Http.Response back = resolve(r.path("ref").asText());
        assertThat(back.status()).isEqualTo(500);
        assertThat(back.errorMessage()).isEqualTo("payload " + id + " failed its integrity check");
        Files.delete(blob);
        assertThat(resolve(r.path("ref").asText()).errorMessage()).isEqualTo("payload " + id + " data is missing from storage");
    }

    static JsonNode put(String body) {
        Http.Response r = http.put("/api/result/rt", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static Http.Response resolve(String ref) {
        return http.get("/api/result/resolve?ref=" + URLEncoder.encode(ref, StandardCharsets.UTF_8));
    }
}
