package io.resultstore.engine;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * A statement the policy admitted: the SQL ready to be wrapped (trailing semicolons removed) and the
 * catalogued names it reads, which must be made visible to the engine before it runs.
 */
public record CheckedStatement(String sql, Set<String> resultIds, Set<String> datasetNames) {
    public CheckedStatement {
        requireNonNull(sql, "sql is null");
        resultIds = Set.copyOf(resultIds);
        datasetNames = Set.copyOf(datasetNames);
    }
}
