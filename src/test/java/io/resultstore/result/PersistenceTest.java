package io.resultstore.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.catalog.Catalog;
import io.resultstore.run.RunCompletion;
import io.resultstore.testing.ForwardingCatalog;
import io.resultstore.testing.ForwardingResults;
import io.resultstore.testing.ForwardingStorage;
import io.resultstore.testing.Http;
import io.resultstore.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background writer: every stage's failure ends in {@code failed} naming the stage and leaves nothing behind. */
class PersistenceTest {
    @TempDir
    Path dir;

    private static final String SQL = "SELECT range AS n, 'row ' || range AS s FROM range(1000)";

    private static List<Path> files(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aWriteFailureFailsTheResultAndLeavesNoFile() throws IOException {
        try (TestServer server = TestServer.start(dir)) {
            Path staging = dir.resolve("staging");
            Files.delete(staging);
            Files.writeString(staging, "not a directory");
            JsonNode body = server.http().query(SQL).json();
            JsonNode result = server.http().awaitResult(body.path("result_id").asText());
            assertThat(result.path("status").asText()).isEqualTo("failed");
            assertThat(result.path("error_message").asText()).startsWith("persistence failed at write: ");
            assertThat(result.has("rows")).isFalse();
            assertThat(files(dir.resolve("blobs"))).isEmpty();
        }
    }

    @Test
    void aPublishFailureFailsTheResultAndRemovesTheStagedFile() throws IOException {
        TestServer.Builder builder = TestServer.builder(dir).wrapStorage(real -> new ForwardingStorage(real) {
            @Override
            public long publish(Path localFile, String key) throws IOException {
                throw new IOException("disk full");
            }
        });
        try (TestServer server = builder.start()) {
            JsonNode body = server.http().query(SQL).json();
            assertThat(body.path("rows").size()).isEqualTo(1000);
            JsonNode result = server.http().awaitResult(body.path("result_id").asText());
            assertThat(result.path("status").asText()).isEqualTo("failed");
            assertThat(result.path("error_message").asText()).isEqualTo("persistence failed at publish: disk full");
            assertThat(files(dir.resolve("staging"))).isEmpty();
            assertThat(files(dir.resolve("blobs"))).isEmpty();
        }
    }

    @Test
    void aCatalogFailureAfterPublishFailsTheResultAndRemovesThePublishedFile() throws IOException {
        TestServer.Builder builder = TestServer.builder(dir).wrapCatalog(real -> new ForwardingCatalog(real) {
            @Override
            public ResultRepository results() {
                return new ForwardingResults(real.results()) {
                    @Override
                    public boolean markReady(String id, String key, long bytes, Instant at, Optional<Instant> exp) {
                        throw new IllegalStateException("catalog write refused");
                    }
                };
            }
        });
        try (TestServer server = builder.start()) {
            JsonNode body = server.http().query(SQL).json();
            JsonNode result = server.http().awaitResult(body.path("result_id").asText());
            assertThat(result.path("status").asText()).isEqualTo("failed");
            assertThat(result.path("error_message").asText()).isEqualTo("persistence failed at catalog: catalog write refused");
            assertThat(files(dir.resolve("staging"))).isEmpty();
            assertThat(files(dir.resolve("blobs"))).isEmpty();
        }
    }

    @Test
    void whenNoResultRowCanBeCreatedTheRowsStillComeBackWithAWarning() {
        TestServer.Builder builder = TestServer.builder(dir).wrapCatalog(real -> new ForwardingCatalog(real) {
            @Override
            public ResultRepository results() {
                return new ForwardingResults(real.results()) {
                    @Override
                    public boolean insertCompletingRun(Result result, String owner, RunCompletion completion) {
                        throw new IllegalStateException("no space");
                    }
                };
            }
        });
        try (TestServer server = builder.start()) {
            Http.Response r = server.http().query("SELECT 7 AS x");
            assertThat(r.status()).isEqualTo(200);
            JsonNode body = r.json();
            assertThat(body.path("result_id").isNull()).isTrue();
            assertThat(body.path("warning").asText()).startsWith("result could not be stored");
            assertThat(body.path("rows").toString()).isEqualTo("[[7]]");
            assertThat(server.http().get("/results").json().path("count").asInt()).isZero();
        }
    }

    @Test
    void withPersistenceDisabledTheAnswerSaysSo() {
        try (TestServer server = TestServer.builder(dir).set("persistence.enabled", "false").start()) {
            JsonNode body = server.http().query("SELECT 1 AS x").json();
            assertThat(body.path("result_id").isNull()).isTrue();
            assertThat(body.path("warning").asText()).isEqualTo("result persistence is disabled (persistence.enabled=false)");
        }
    }

    @Test
    void aTransitionHappensOnlyFromProcessing() {
        try (TestServer server = TestServer.start(dir)) {
            Catalog catalog = server.app().catalog();
            Instant now = Instant.now();
            catalog.results().insert(Result.processing("rslt00000000000000000000000001", "qrun00000000000000000000000001",
                    now, 0, List.of()), server.app().owner());
            assertThat(catalog.results().markFailed("rslt00000000000000000000000001", "writer died", now, Optional.empty()))
                    .isTrue();
            assertThat(catalog.results().markReady("rslt00000000000000000000000001", "k", 1, now, Optional.empty()))
                    .isFalse();
            assertThat(catalog.results().markFailed("rslt00000000000000000000000001", "again", now, Optional.empty()))
                    .isFalse();
            Result r = catalog.results().find("rslt00000000000000000000000001").orElseThrow();
            assertThat(r.status()).isEqualTo(ResultStatus.FAILED);
            assertThat(r.errorMessage()).contains("writer died");
        }
    }

    @Test
    void concurrentQueriesGetDistinctIdsAndAllBecomeReady() throws Exception {
        try (TestServer server = TestServer.builder(dir).set("persistence.concurrency", "2").start();
                ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                answers.add(pool.submit(() -> server.http().query("SELECT " + n + " AS i, range AS r FROM range(" + n + ")").json()));
            }
            Set<String> ids = new HashSet<>();
            Set<String> runIds = new HashSet<>();
            for (int i = 0; i < answers.size(); i++) {
                JsonNode body = answers.get(i).get();
                assertThat(body.path("row_count").asInt()).isEqualTo(i);
                ids.add(body.path("result_id").asText());
                runIds.add(body.path("query_run_id").asText());
            }
            assertThat(ids).hasSize(40).allMatch(id -> id.matches("rslt[0-9a-z]{26}"));
            assertThat(runIds).hasSize(40).allMatch(id -> id.matches("qrun[0-9a-z]{26}"));
            for (String id : ids) {
                assertThat(server.http().awaitResult(id).path("status").asText()).isEqualTo("ready");
            }
            assertThat(files(dir.resolve("staging"))).isEmpty();
        }
    }
}
