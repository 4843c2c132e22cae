package io.resultstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.testing.Http;
import io.resultstore.testing.Postgres;
import io.resultstore.testing.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real server process, started as the README says and driven over HTTP; and killed with SIGKILL. */
class ServerProcessTest {
    @TempDir
    Path dir;

    @Test
    void theServerProcessAnswersQueriesAndKeepsResultsAcrossRestarts() throws Exception {
        String id;
        try (ServerProcess server = ServerProcess.start(dir, Map.of())) {
            Http http = server.http();
            assertThat(http.get("/health").json().path("status").asText()).isEqualTo("ok");
            JsonNode body = http.query("SELECT range AS n FROM range(5)").json();
            assertThat(body.path("rows").toString()).isEqualTo("[[0],[1],[2],[3],[4]]");
            id = body.path("result_id").asText();
            assertThat(http.awaitResult(id).path("status").asText()).isEqualTo("ready");
            assertThat(http.query("SELECT sum(n) AS s FROM results.\"" + id + "\"").json().path("rows").toString())
                    .isEqualTo("[[10]]");
            assertThat(server.stop()).isIn(0, 143);
        }
        try (ServerProcess again = ServerProcess.start(dir, Map.of())) {
            Http http = again.http();
            assertThat(http.get("/results/" + id).json().path("rows").toString()).isEqualTo("[[0],[1],[2],[3],[4]]");
            assertThat(http.get("/results").json().path("count").asInt()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aKilledServerLeavesNoCopyOfItsNativeLibrariesInTheTemporaryDirectory(String catalog) throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Map<String, String> env = new HashMap<>(Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp));
        if (catalog.equals("postgres")) {
            // SQLite's library is loaded on this catalog too (SQLite sources use it): its copy must go as well.
            env.putAll(Map.of("RESULTSTORE_CATALOG_TYPE", "postgres", "RESULTSTORE_CATALOG_URL", Postgres.newDatabase()));
        }
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), env)) {
            assertThat(server.http().query("SELECT 42 AS n").json().path("rows").toString()).isEqualTo("[[42]]");
            assertThat(server.output()).contains("catalog " + catalog);
            // The drivers copied their libraries here to link them (DuckDB's engine, SQLite's catalog and sources);
            // the copies went as soon as each was loaded.
            assertThat(libraryCopies(tmp)).isEmpty();
            server.kill();
        }
        assertThat(libraryCopies(tmp)).isEmpty();
    }

    private static Stream<Path> libraryCopies(Path tmp) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("libduckdb_java")
                    || f.getFileName().toString().contains("libsqlitejdbc")).toList().stream();
        }
    }

    @Test
    void aKillDuringPersistenceLeavesNoResultStuckAndNoTempFiles() throws Exception {
        String id;
        try (ServerProcess server = ServerProcess.start(dir, Map.of())) {
            Http http = server.http();
            JsonNode body = http.post("/query", "{\"sql\": \"SELECT range AS n, md5(range::VARCHAR) AS h, random() AS r"
                    + " FROM range(6000000)\", \"max_inline_rows\": 1}").json();
            id = body.path("result_id").asText();
            server.kill();
        }
        try (ServerProcess again = ServerProcess.start(dir, Map.of())) {
            JsonNode result = again.http().get("/results/" + id).json();
            // Usually the kill lands mid-write; if the writer won the race the result is simply ready.
            System.out.println("after kill -9: " + result);
            assertThat(result.path("status").asText()).isIn("failed", "ready");
            if (result.path("status").asText().equals("failed")) {
                assertThat(result.path("error_message").asText()).isNotBlank();
                assertThat(files(dir.resolve("blobs"))).isEmpty();
            }
            assertThat(files(dir.resolve("staging"))).isEmpty();
            assertThat(files(dir.resolve("tmp"))).isEmpty();
        }
    }


    private static java.util.List<Path> files(Path root) throws IOException {
        if (!Files.exists(root)) {
            return java.util.List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
