package io.resultstore.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.testing.ForwardingStorage;
import io.resultstore.testing.Http;
import io.resultstore.testing.S3Server;
import io.resultstore.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server on S3 storage: results land in the bucket, and a failed upload leaves nothing there. */
class S3ResultsTest {
    @TempDir
    Path dir;

    private TestServer.Builder server(String bucket) {
        TestServer.Builder b = TestServer.builder(dir).set("storage.prefix", "prod");
        for (Map.Entry<String, String> e : S3Server.settings(bucket).entrySet()) {
            b.set(e.getKey(), e.getValue());
        }
        return b;
    }

    @Test
    void aResultIsStoredInTheBucketAndReadBackWithSql() {
        String bucket = S3Server.newBucket();
        try (TestServer server = server(bucket).start()) {
            Http http = server.http();
            String id = http.query("SELECT range AS n FROM range(1000)").json().path("result_id").asText();
            JsonNode result = http.awaitResult(id);
            assertThat(result.path("status").asText()).isEqualTo("ready");
            assertThat(S3Server.keys(bucket)).containsExactly("prod/results/" + id + "/data.parquet");

            JsonNode page = http.get("/results/" + id + "?offset=990&limit=5").json();
            assertThat(page.path("rows").toString()).isEqualTo("[[990],[991],[992],[993],[994]]");
            assertThat(http.query("SELECT sum(n) AS s FROM results.\"" + id + "\"").json().path("rows").toString())
                    .isEqualTo("[[499500]]");
            JsonNode health = http.get("/health").json();
            assertThat(health.path("storage").asText()).isEqualTo("s3");
            assertThat(health.path("status").asText()).isEqualTo("ok");
        }
    }

    @Test
    void aFailedUploadFailsTheResultAndLeavesNoObjectBehind() throws IOException {
        String bucket = S3Server.newBucket();
        try (TestServer server = server(bucket).wrapStorage(real -> new ForwardingStorage(real) {
            @Override
            public long publish(Path localFile, String key) throws IOException {
                throw new IOException("S3 upload of " + key + " failed: connection reset (injected)");
            }
        }).start()) {
            Http http = server.http();
            String id = http.query("SELECT range AS n FROM range(10)").json().path("result_id").asText();
            JsonNode result = http.awaitResult(id);
            assertThat(result.path("status").asText()).isEqualTo("failed");
            assertThat(result.path("error_message").asText())
                    .isEqualTo("persistence failed at publish: S3 upload of results/" + id
                            + "/data.parquet failed: connection reset (injected)");
            assertThat(S3Server.keys(bucket)).isEmpty();
            try (var staged = Files.list(dir.resolve("staging"))) {
                assertThat(staged).isEmpty();
            }
            assertThat(http.query("SELECT * FROM results.\"" + id + "\"").status()).isEqualTo(404);
        }
    }

    @Test
    void aDeletedResultsObjectLeavesTheBucket() {
        String bucket = S3Server.newBucket();
        try (TestServer server = server(bucket).set("results.delete_grace", "0s").start()) {
            Http http = server.http();
            String id = http.query("SELECT 1 AS one").json().path("result_id").asText();
            http.awaitResult(id);
            assertThat(http.delete("/results/" + id).status()).isEqualTo(204);
            server.app().sweeper().deleteQueuedBlobs();
            assertThat(S3Server.keys(bucket)).isEmpty();
            assertThat(http.get("/results/" + id).status()).isEqualTo(410);
        }
    }
}
