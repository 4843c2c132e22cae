package io.resultstore.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resultstore.config.Config;
import io.resultstore.config.ConfigLoader;
import io.resultstore.engine.Column;
import io.resultstore.result.Result;
import io.resultstore.testing.Postgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog in its own PostgreSQL schema: beside unrelated tables, beside another deployment, after an old one. */
class PostgresSchemaTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final String url = Postgres.newDatabase();

    @Test
    void unrelatedTablesInPublicAreLeftUntouchedAndEverythingLandsInTheCatalogSchema() throws SQLException {
        sql("CREATE TABLE public.customers (id int PRIMARY KEY, name text)",
                "INSERT INTO public.customers VALUES (1, 'ada')");
        try (JdbcCatalog catalog = JdbcCatalog.open(config(Map.of()))) {
            insert(catalog, "rslt" + "0".repeat(26));
            assertThat(catalog.results().find("rslt" + "0".repeat(26))).isPresent();
        }
        assertThat(tables("public")).containsExactly("customers");
        assertThat(query("SELECT name FROM public.customers")).containsExactly("ada");
        assertThat(tables("resultstore")).contains("flyway_schema_history", "results", "query_runs", "payloads", "nodes");
        assertThat(query("SELECT id FROM resultstore.results")).containsExactly("rslt" + "0".repeat(26));
    }

    @Test
    void twoDeploymentsWithTheirOwnSchemasShareOneDatabaseWithoutSeeingEachOther() {
        try (JdbcCatalog a = JdbcCatalog.open(config(Map.of("catalog.schema", "rs_a")));
                JdbcCatalog b = JdbcCatalog.open(config(Map.of("catalog.schema", "rs_b")))) {
            insert(a, "rslt" + "a".repeat(26));
            insert(b, "rslt" + "b".repeat(26));
            assertThat(a.results().find("rslt" + "a".repeat(26))).isPresent();
            assertThat(a.results().find("rslt" + "b".repeat(26))).isEmpty();
            assertThat(b.results().find("rslt" + "b".repeat(26))).isPresent();
            assertThat(b.results().find("rslt" + "a".repeat(26))).isEmpty();
        }
    }

    @Test
    void aCatalogLeftInPublicByAnEarlierVersionIsRefusedWithTheFixNamedAndKeepsWorkingWithSchemaPublic() {
        // The earlier layout: Flyway's default schema, which is public.
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/postgres").load().migrate();
        try (JdbcCatalog old = JdbcCatalog.open(config(Map.of("catalog.schema", "public")))) {
            insert(old, "rslt" + "0".repeat(26));
        }
        assertThatThrownBy(() -> JdbcCatalog.open(config(Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the catalog of an earlier ResultStore is in schema public, but catalog.schema is"
                        + " 'resultstore': set catalog.schema = public to keep using it there, or move its tables into"
                        + " schema resultstore as the README describes (Running in production, Catalog schema)");
        assertThat(tables("resultstore")).isEmpty();
        try (JdbcCatalog kept = JdbcCatalog.open(config(Map.of("catalog.schema", "public")))) {
            assertThat(kept.results().find("rslt" + "0".repeat(26))).isPresent();
        }
    }

    @Test
    void theMoveTheReadmeDescribesCarriesAnEarlierCatalogIntoItsSchema() throws SQLException {
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/postgres").load().migrate();
        try (JdbcCatalog old = JdbcCatalog.open(config(Map.of("catalog.schema", "public")))) {
            insert(old, "rslt" + "0".repeat(26));
        }
        sql(README_MOVE);
        try (JdbcCatalog moved = JdbcCatalog.open(config(Map.of()))) {
            assertThat(moved.results().find("rslt" + "0".repeat(26))).isPresent();
            insert(moved, "rslt" + "1".repeat(26));
        }
        assertThat(tables("public")).isEmpty();
    }

    /** The statement of README "Catalog schema", verbatim. */
    /** The move statement exactly as the README prints it, so the two cannot drift apart. */
    private static final String README_MOVE = readmeMoveStatement();

    private static String readmeMoveStatement() {
        try {
            String readme = Files.readString(Path.of("README.md"));
            int start = readme.indexOf("DO $$");
            int end = readme.indexOf("END $$;", start);
            assertThat(start).as("the README's move statement").isNotNegative();
            return readme.substring(start, end + "END $$".length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Config config(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("data.dir", dir.toString(), "catalog.type", "postgres",
                "catalog.url", url, "catalog.pool_size", "2"));
        settings.putAll(extra);
        return ConfigLoader.fromMap(settings);
    }

    private static void insert(JdbcCatalog catalog, String id) {
        catalog.results().insert(Result.processing(id, "qrun" + id.substring(4), T0, 1,
                List.of(new Column("n", "BIGINT", false))), "owner");
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private List<String> query(String select) {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(select)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> tables(String schema) {
        return query("SELECT tablename FROM pg_tables WHERE schemaname = '" + schema + "' ORDER BY tablename");
    }
}
