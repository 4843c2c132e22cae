package io.resultstore.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Json;
import io.resultstore.testing.Http;
import io.resultstore.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite file outside the data directory is a source like any other, read by the server; SQL alone can never
 * read it (or any file), and no connection can point into the server's own directory.
 */
class SqliteSourceTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static Http http;
    static Path file;

    @BeforeAll
    static void start() throws SQLException {
        server = TestServer.builder(dir.resolve("data")).start();
        http = server.http();
        file = dir.resolve("outside/shop.sqlite");
        file.getParent().toFile().mkdirs();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price REAL, data BLOB, note)");
            st.execute("INSERT INTO items VALUES (1, 'pen', 1.5, x'0102', 'a'), (2, 'ink', NULL, NULL, 3),"
                    + " (3, NULL, 2.25, NULL, NULL)");
            st.execute("CREATE VIEW cheap AS SELECT * FROM items WHERE price < 2");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Http.Response create(String name, String path) {
        var b = Json.MAPPER.createObjectNode().put("name", name).put("source_type", "sqlite");
        b.putObject("config").put("path", path);
        return http.post("/connections", b.toString());
    }

    @Test
    void aSqliteFileOutsideTheDataDirectoryIsQueryableThroughAConnection() {
        Http.Response r = create("lite", file.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        Http.Response q = http.query("SELECT id, name, price, octet_length(data), note FROM lite.main.items ORDER BY id");
        assertThat(q.status()).as(q.body()).isEqualTo(200);
        JsonNode rows = q.json().path("rows");
        assertThat(rows.toString()).isEqualTo("[[1,\"pen\",1.5,2,\"a\"],[2,\"ink\",null,null,\"3\"],[3,null,2.25,null,null]]");
        assertThat(http.query("SELECT count(*) FROM lite.main.cheap").json().path("rows").get(0).get(0).asInt())
                .isEqualTo(1);
        JsonNode shown = http.get("/connections/" + r.json().path("id").asText()).json();
        assertThat(shown.path("tables").toString()).contains("\"items\"").contains("\"cheap\"");
    }

    @Test
    void sqlCannotReadTheFileDirectly() {
        for (String sql : new String[] {"SELECT * FROM '" + file + "'", "SELECT * FROM sqlite_scan('" + file + "', 'items')",
                "SELECT * FROM read_blob('" + file + "')", "SELECT * FROM \"" + file + "\".main.items"}) {
            Http.Response r = http.query(sql);
            assertThat(r.status()).as(sql + " → " + r.body()).isEqualTo(403);
            assertThat(r.body()).doesNotContain("pen");
        }
        assertThat(http.query("ATTACH '" + file + "' AS x").status()).isEqualTo(403);
    }

    @Test
    void noSourceMayPointIntoTheDataDirectoryOrBeAnythingButAnExistingFile() throws Exception {
        Path catalog = dir.resolve("data/catalog.db");
        assertThat(Files.exists(catalog)).isTrue();
        Http.Response inside = create("cat", catalog.toString());
        assertThat(inside.status()).as(inside.body()).isEqualTo(400);
        assertThat(inside.errorMessage()).contains("data directory");
        Path link = dir.resolve("outside/link.db");
        Files.createSymbolicLink(link, catalog);
        assertThat(create("cat2", link.toString()).status()).isEqualTo(400);
        assertThat(create("cat3", dir.resolve("outside/../data/catalog.db").toString()).status()).isEqualTo(400);
        assertThat(create("rel", "shop.sqlite").status()).isEqualTo(400);
        assertThat(create("missing", dir.resolve("outside/none.db").toString()).status()).isEqualTo(400);
        assertThat(create("q", file + "?enable_load_extension=true").status()).isEqualTo(400);
        var viaJdbc = Json.MAPPER.createObjectNode().put("name", "duck").put("source_type", "jdbc");
        viaJdbc.putObject("config").put("url", "jdbc:duckdb:" + dir.resolve("x.duckdb"));
        assertThat(http.post("/connections", viaJdbc.toString()).status()).isEqualTo(400);
        viaJdbc.putObject("config").put("url", "jdbc:sqlite:" + catalog);
        assertThat(http.post("/connections", viaJdbc.toString()).status()).isEqualTo(400);
        assertThat(http.get("/connections").json().path("count").asInt()).isLessThanOrEqualTo(1);
    }
}
