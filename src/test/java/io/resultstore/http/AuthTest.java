package io.resultstore.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.resultstore.testing.Http;
import io.resultstore.testing.TestServer;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthTest {
    @TempDir
    Path dir;

    @Test
    void withTokensConfiguredEveryEndpointButHealthNeedsABearerToken() {
        try (TestServer server = TestServer.builder(dir).set("auth.tokens", "s3cret,other").start()) {
            Http http = server.http();
            assertThat(http.get("/health").status()).isEqualTo(200);
            // The API's description holds no data: tools read it before they have a token.
            assertThat(http.get("/openapi.json").status()).isEqualTo(200);
            Http.Response missing = http.query("SELECT 1");
            assertThat(missing.status()).isEqualTo(401);
            assertThat(missing.errorCode()).isEqualTo("UNAUTHORIZED");
            OpenApiDocument.fromResource().assertDescribes("POST", "/query", missing);
            assertThat(http.send(HttpRequest.newBuilder(http.uri("/results")).header("Authorization", "Bearer nope").GET())
                    .status()).isEqualTo(401);
            assertThat(http.send(HttpRequest.newBuilder(http.uri("/results")).header("Authorization", "Bearer other").GET())
                    .status()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(http.uri("/query")).header("Authorization", "Bearer s3cret")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sql\":\"SELECT 1\"}"))).status()).isEqualTo(200);
            assertThat(http.get("/no-such-endpoint").status()).isEqualTo(401);
        }
    }
}
