package io.resultstore.hostile;

import java.util.ArrayList;
import java.util.List;

/** Hostile SQL: only one read-only statement over catalogued data may run, and it must not break the parser. */
final class SqlCases {
    private SqlCases() {}

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        for (String sql : List.of("SELECT 1; SELECT 2", "SELECT 1; DROP TABLE x", "SELECT 1;\nCOPY (SELECT 1) TO '/tmp/x.csv'",
                "COPY (SELECT 1) TO '/tmp/hostile.csv'", "COPY t FROM '/etc/passwd'", "ATTACH '/tmp/hostile.db' AS h",
                "ATTACH ':memory:' AS h", "DETACH h", "INSTALL httpfs", "LOAD httpfs", "FORCE INSTALL httpfs",
                "SET enable_external_access = true", "SET memory_limit = '1TB'", "RESET memory_limit",
                "PRAGMA version", "PRAGMA database_list", "CALL pragma_version()", "CALL duckdb_settings()",
                "SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM read_csv_auto('/etc/passwd')",
                "SELECT * FROM read_text('/etc/passwd')", "SELECT * FROM read_blob('/etc/passwd')",
                "SELECT * FROM '/etc/passwd'", "FROM '/etc/passwd'", "SELECT * FROM read_parquet('/tmp/*.parquet')",
                "SELECT * FROM glob('/*')", "SELECT * FROM duckdb_settings()", "SELECT * FROM duckdb_databases()",
                "SELECT * FROM sqlite_scan('/tmp/x.db', 't')", "SELECT * FROM query('SELECT 1')",
                "SELECT * FROM query_table('t')", "CREATE TABLE t(x INT)", "CREATE VIEW v AS SELECT 1",
                "CREATE MACRO m(x) AS x", "CREATE SECRET s (TYPE s3)", "INSERT INTO t VALUES (1)", "UPDATE t SET x = 1",
                "DELETE FROM t", "DROP TABLE t", "ALTER TABLE t ADD COLUMN y INT", "TRUNCATE t",
                "EXPORT DATABASE '/tmp/hostile'", "IMPORT DATABASE '/tmp/hostile'", "CHECKPOINT", "VACUUM",
                "BEGIN TRANSACTION", "EXPLAIN SELECT 1", "EXPLAIN ANALYZE SELECT 1", "USE memory",
                "/* harmless */ COPY (SELECT 1) TO '/tmp/x.csv'", "-- comment\nATTACH '/tmp/x.db'",
                "SELECT 1 -- hide\n; DROP TABLE t", "SELECT 1 /* ; */ ; INSTALL httpfs",
                "WITH x AS (SELECT 1) DELETE FROM t", "SELECT * FROM results.\"../../catalog.db\"",
                "SELECT * FROM \"/etc/passwd\"", "SELECT * FROM main.\"../etc/passwd\"",
                "\uFF33\uFF25\uFF2C\uFF25\uFF23\uFF34 1", "SELECT 1\u037e DROP TABLE t", "ATTACH\u00a0'/tmp/x.db'", "\uFEFFCOPY (SELECT 1) TO '/tmp/x.csv'")) {
            cases.add(Case.post("/query", Case.sqlBody(sql), status(sql)));
        }
        // Functions that reach outside the engine, and unicode that hides what a statement is.
        for (String sql : List.of("SELECT * FROM read_csv('/etc/passwd') WHERE 1 = 0",
                "SELECT (SELECT count(*) FROM read_text('/etc/passwd'))", "SELECT * FROM range(3), read_blob('/etc/passwd')",
                "WITH t AS (SELECT * FROM read_csv('/etc/passwd')) SELECT * FROM t",
                "SELECT * FROM range(1) WHERE EXISTS (SELECT * FROM glob('/*'))",
                "SELECT * FROM sniff_csv('/etc/passwd')", "SELECT * FROM parquet_metadata('/tmp/x.parquet')",
                "SELECT * FROM duckdb_secrets()", "SELECT * FROM pragma_database_list",
                "SELECT * FROM information_schema.tables", "SELECT * FROM duckdb_tables",
                "SELECT * FROM sqlite_master", "SELECT * FROM \"catalog\".main.results", "SELECT * FROM duckdb_settings",
                "SELECT * FROM nope", "SELECT * FROM t AS results")) {
            cases.add(Case.post("/query", Case.sqlBody(sql), 403));
        }
        for (String sql : List.of("CO\u200bPY (SELECT 1) TO '/tmp/x.csv'", "SELECT 1 /* unterminated", "SELECT 'unterminated",
                "SELECT \u202e1", "SELECT\u0000 1", "SELECT 1 FROM", "SELECT getenv('HOME')")) {
            cases.add(Case.post("/query", Case.sqlBody(sql), 400));
        }
        String deep = "SELECT " + "(".repeat(100_000) + "1" + ")".repeat(100_000);
        cases.add(named("100k nested parentheses", deep, 400));
        cases.add(named("1001 nested parentheses", "SELECT " + "(".repeat(1001) + "1" + ")".repeat(1001), 400));
        cases.add(named("100k nested lists", "SELECT " + "[".repeat(100_000) + "1" + "]".repeat(100_000), 400));
        cases.add(named("100k nested subqueries", "SELECT * FROM " + "(SELECT * FROM ".repeat(20_000) + "range(1)"
                + ") s".repeat(20_000), 400));
        cases.add(named("100k unclosed parentheses", "SELECT " + "(".repeat(100_000), 400));
        cases.add(named("200k chained additions", "SELECT 1" + "+1".repeat(200_000), 400));
        cases.add(named("long SQL of only garbage", "SELECT " + "@#!".repeat(100_000), 400));
        cases.add(named("unknown result", "SELECT * FROM results.\"rslt00000000000000000000000000\"", 404));
        cases.add(named("malformed result name", "SELECT * FROM results.\"rslt_nope\"", 404));
        return cases;
    }

    private static Case named(String label, String sql, int status) {
        return Case.body("POST", "/query", label, Case.utf8(Case.sqlBody(sql)), status);
    }

    /**
     * Statements that do not parse are SQL errors, a table name no result has is 404; everything else here is
     * refused by the policy (DuckDB reads a no-break space as a blank).
     */
    private static int status(String sql) {
        if (sql.contains("results.\"../")) {
            return 404;
        }
        return sql.startsWith("\uFF33") || sql.contains("\u037e") ? 400 : 403;
    }
}
