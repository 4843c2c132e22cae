package io.resultstore.engine;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;

/**
 * A statement the policy admitted: the SQL ready to be wrapped (trailing semicolons removed), the catalogued
 * names it reads (results, datasets, tables of connected sources), which must be made visible to the engine
 * before it runs, and its reuse key when its rows depend on nothing but its inputs (see {@link ReuseFingerprint}).
 */
public record CheckedStatement(String sql, Set<String> resultIds, Set<String> datasetNames,
        Set<SourceTableRef> sourceTables, Optional<String> reuseKey) {
    public CheckedStatement {
        requireNonNull(sql, "sql is null");
        resultIds = Set.copyOf(resultIds);
        datasetNames = Set.copyOf(datasetNames);
        sourceTables = Set.copyOf(sourceTables);
        requireNonNull(reuseKey, "reuseKey is null");
    }

    public CheckedStatement(String sql, Set<String> resultIds, Set<String> datasetNames) {
        this(sql, resultIds, datasetNames, Set.of(), Optional.empty());
    }
}
