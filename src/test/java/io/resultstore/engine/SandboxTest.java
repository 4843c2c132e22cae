package io.resultstore.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.resultstore.testing.Http;
import io.resultstore.testing.SharedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only read-only queries over catalogued names run; nothing reaches files, settings or extensions. */
class SandboxTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer();
    static final Http http = server.http();

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_csv_auto('/etc/passwd')",
        "SELECT * FROM '/etc/passwd'",
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM read_blob('/etc/passwd')",
        "SELECT * FROM read_json('/etc/passwd')",
        "SELECT * FROM read_parquet('x.parquet')",
        "SELECT * FROM parquet_metadata('x.parquet')",
        "SELECT * FROM glob('/*')",
        "SELECT * FROM sqlite_scan('catalog.db', 'results')",
        "COPY (SELECT 1) TO '/tmp/out.csv'",
        "ATTACH '/tmp/other.db' AS other",
        "ATTACH ':memory:' AS m",
        "DETACH results",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET memory_limit = '100GB'",
        "SET enable_external_access = true",
        "RESET lock_configuration",
        "PRAGMA enable_profiling",
        "CREATE TABLE t AS SELECT 1",
        "CREATE VIEW v AS SELECT 1",
        "CREATE MACRO m() AS 1",
        "CREATE SECRET s (TYPE s3, KEY_ID 'x', SECRET 'y')",
        "INSERT INTO t VALUES (1)",
        "UPDATE t SET a = 1",
        "DELETE FROM t",
        "DROP SCHEMA results CASCADE",
        "DROP VIEW results.x",
        "EXPORT DATABASE '/tmp/exp'",
        "IMPORT DATABASE '/tmp/exp'",
        "CHECKPOINT",
        "VACUUM",
        "CALL pragma_version()",
        "EXPLAIN SELECT 1",
        "SELECT 1; SELECT 2",
        "SELECT 1; DROP SCHEMA results",
        "SELECT * FROM _staging.anything",
        "SELECT * FROM main.anything",
        "SELECT * FROM system.main.duckdb_settings()",
        "WITH x AS (SELECT * FROM read_csv('/etc/passwd')) SELECT * FROM x",
        "SELECT (SELECT count(*) FROM read_csv('/etc/passwd'))",
        "SELECT * FROM range(3) WHERE range IN (SELECT 1 FROM '/etc/passwd')",
    })
    void refusesAnythingButReadOnlyQueriesOverCataloguedNames(String sql) {
        Http.Response r = http.query(sql);
        assertThat(r.status()).as(sql + " → " + r.body()).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo("FORBIDDEN_STATEMENT");
        assertThat(r.errorMessage()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 42",
        "WITH a AS (SELECT 1 AS x) SELECT x FROM a",
        "VALUES (1, 'a'), (2, 'b')",
        "FROM range(3)",
        "DESCRIBE SELECT 1 AS x",
        "SUMMARIZE SELECT range FROM range(10)",
        "DESCRIBE SELECT 1 AS x -- a trailing comment;",
        "SELECT * FROM generate_series(1, 3)",
        "SELECT unnest([1, 2, 3])",
        "SELECT * FROM (SELECT 1) t(x) JOIN (SELECT 1) u(y) ON x = y",
        "SELECT 'a;b' AS semicolon_inside",
        "SELECT 1;",
    })
    void readOnlyQueriesRun(String sql) {
        Http.Response r = http.query(sql);
        assertThat(r.status()).as(sql + " → " + r.body()).isEqualTo(200);
    }

    @Test
    void nothingWasWrittenOrAttached() {
        assertThat(Files.exists(Path.of("/tmp/out.csv"))).isFalse();
        assertThat(Files.exists(Path.of("/tmp/exp"))).isFalse();
        assertThat(http.query("SELECT current_setting('enable_external_access') AS v").json().path("rows").toString())
                .isEqualTo("[[false]]");
    }

    @Test
    void sqlErrorsKeepTheEngineMessageWithAPositionRelativeToTheUsersText() {
        Http.Response parse = http.query("SELECT 1 +\nFROM");
        assertThat(parse.status()).isEqualTo(400);
        assertThat(parse.errorCode()).isEqualTo("SQL_ERROR");
        assertThat(parse.errorMessage()).contains("syntax error");

        Http.Response bind = http.query("SELECT no_such_column FROM range(1)");
        assertThat(bind.status()).isEqualTo(400);
        assertThat(bind.errorCode()).isEqualTo("SQL_ERROR");
        assertThat(bind.errorMessage()).contains("no_such_column").contains("LINE 1:");

        Http.Response run = http.query("SELECT 1 / 0 AS x, 'a'::INTEGER AS y");
        assertThat(run.status()).isEqualTo(400);
        assertThat(run.errorCode()).isEqualTo("SQL_ERROR");
        assertThat(run.errorMessage()).contains("Could not convert string 'a' to INT32");
    }

    @Test
    void aMissingResultIsNotFoundNamingTheId() {
        Http.Response r = http.query("SELECT * FROM results.\"rslt0000000000000000000000zz\"");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo("NOT_FOUND");
        assertThat(r.errorMessage()).contains("rslt0000000000000000000000zz");

        Http.Response bad = http.query("SELECT * FROM results.\"../../etc/passwd\"");
        assertThat(bad.status()).isIn(400, 404);
    }
}
