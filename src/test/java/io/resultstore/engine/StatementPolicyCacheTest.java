package io.resultstore.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resultstore.error.ApiException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatementPolicyCacheTest {
    private Connection engine;
    private Connection closed;

    @BeforeEach
    void open() throws Exception {
        engine = DriverManager.getConnection("jdbc:duckdb:");
        closed = DriverManager.getConnection("jdbc:duckdb:");
        closed.close();
    }

    @AfterEach
    void close() throws Exception {
        engine.close();
    }

    @Test
    void anAcceptedStatementIsNotParsedAgain() {
        StatementPolicy policy = new StatementPolicy();
        CheckedStatement first = policy.check(engine, "SELECT 42;");

        // A closed connection cannot parse anything: only the cache can answer.
        assertThat(policy.check(closed, "SELECT 42;")).isEqualTo(first);
        assertThat(first.sql()).isEqualTo("SELECT 42");
    }

    @Test
    void aRefusedStatementIsJudgedAgainWithItsOwnMessage() {
        StatementPolicy policy = new StatementPolicy();
        assertThatThrownBy(() -> policy.check(engine, "DROP TABLE t")).isInstanceOf(ApiException.class)
                .hasMessageContaining("only read-only queries are allowed");
        assertThatThrownBy(() -> policy.check(closed, "DROP TABLE t")).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("cannot parse statement");
    }

    @Test
    void theCacheKeepsAtMostItsBoundAndNoLongStatements() {
        StatementPolicyCache cache = new StatementPolicyCache();
        CheckedStatement s = new CheckedStatement("SELECT 1", Set.of(), Set.of());
        for (int i = 0; i < StatementPolicyCache.MAX_ENTRIES + 100; i++) {
            cache.put("SELECT " + i, s);
        }
        assertThat(cache.size()).isEqualTo(StatementPolicyCache.MAX_ENTRIES);
        assertThat(cache.get("SELECT 0")).isEmpty();
        assertThat(cache.get("SELECT " + (StatementPolicyCache.MAX_ENTRIES + 99))).contains(s);

        String longSql = "SELECT '" + "x".repeat(StatementPolicyCache.MAX_SQL_CHARS) + "'";
        cache.put(longSql, s);
        assertThat(cache.get(longSql)).isEmpty();
    }
}
