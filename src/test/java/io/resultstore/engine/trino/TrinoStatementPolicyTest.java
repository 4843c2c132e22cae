package io.resultstore.engine.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TrinoStatementPolicyTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 1", "select * from tpch.tiny.nation;", "WITH t AS (SELECT 1 AS x) SELECT x FROM t",
            "VALUES (1, 'a'), (2, 'b')", "TABLE tpch.tiny.region", "(SELECT 1) UNION ALL (SELECT 2)",
            "SHOW CATALOGS", "SHOW SCHEMAS FROM tpch", "DESCRIBE tpch.tiny.nation", "show tables from tpch.tiny",
            "SELECT * FROM TABLE(sequence(start => 1, stop => 3))", "-- note\nSELECT 1 ;  ;\n",
            "SELECT 'DROP TABLE x' AS \"insert\"",
    })
    void readOnlyStatementsPass(String sql) {
        assertThat(TrinoStatementPolicy.check(sql).sql()).doesNotEndWith(";");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE TABLE memory.default.t (x int)", "INSERT INTO memory.default.t VALUES (1)",
            "DELETE FROM memory.default.t", "UPDATE memory.default.t SET x = 1", "DROP TABLE memory.default.t",
            "CREATE TABLE memory.default.t AS SELECT 1 AS x", "SET SESSION query_max_run_time = '1h'",
            "RESET SESSION query_max_run_time", "CALL system.runtime.kill_query('x')", "USE tpch.tiny",
            "EXPLAIN ANALYZE INSERT INTO memory.default.t VALUES (1)", "EXPLAIN SELECT 1",
            "PREPARE p FROM SELECT 1", "EXECUTE p", "GRANT SELECT ON t TO u", "ALTER TABLE t RENAME TO u",
            "MERGE INTO t USING u ON t.x = u.x WHEN MATCHED THEN DELETE", "START TRANSACTION", "COMMIT",
            "TRUNCATE TABLE t", "CREATE SCHEMA memory.s", "COMMENT ON TABLE t IS 'x'", "REFRESH MATERIALIZED VIEW v",
    })
    void everythingElseIsForbidden(String sql) {
        assertThatThrownBy(() -> TrinoStatementPolicy.check(sql)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN_STATEMENT));
    }

    @Test
    void sessionPropertiesAndPassThroughFunctionsAreForbidden() {
        assertThatThrownBy(() -> TrinoStatementPolicy.check("WITH SESSION query_max_memory = '1TB' SELECT 1"))
                .isInstanceOf(ApiException.class)
                .hasMessage("WITH SESSION is not allowed: session properties are the server's to set");
        assertThatThrownBy(() -> TrinoStatementPolicy.check(
                "SELECT * FROM TABLE(pg.system.query(query => 'DELETE FROM t'))"))
                .isInstanceOf(ApiException.class)
                .hasMessage("table function pg.system.query is not allowed on Trino: only exclude_columns, sequence");
    }

    @Test
    void moreThanOneStatementIsForbiddenAndBadSyntaxIsASqlError() {
        assertThatThrownBy(() -> TrinoStatementPolicy.check("SELECT 1; DROP TABLE t"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN_STATEMENT);
                    assertThat(e.getMessage()).isEqualTo("exactly one statement is allowed per query");
                });
        assertThatThrownBy(() -> TrinoStatementPolicy.check("SELEC 1"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SQL_ERROR);
                    assertThat(e.getMessage()).isEqualTo("line 1:1: mismatched input 'SELEC'");
                });
        assertThatThrownBy(() -> TrinoStatementPolicy.check("SELECT 1 +"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SQL_ERROR);
                    assertThat(e.getMessage()).startsWith("line 1:11: ");
                });
    }
}
