package io.resultstore.query;

import static java.util.Objects.requireNonNull;

import io.resultstore.engine.CatalogedTables;
import io.resultstore.engine.CheckedStatement;
import io.resultstore.engine.QueryEngine;
import io.resultstore.engine.QuerySession;
import io.resultstore.engine.StatementShape;
import io.resultstore.error.ApiException;
import io.resultstore.result.ResultFiles;

/**
 * Prepares a statement without running it, for protocols that prepare first and bind parameters later. The
 * statement meets the same checks as a query (empty, nesting, sandbox policy) and is refused with the same
 * messages, before any run exists.
 */
public final class StatementShapes {
    private final QueryEngine engine;
    private final ResultFiles files;
    private final CatalogedTables tables;

    public StatementShapes(QueryEngine engine, ResultFiles files, CatalogedTables tables) {
        this.engine = requireNonNull(engine, "engine is null");
        this.files = requireNonNull(files, "files is null");
        this.tables = requireNonNull(tables, "tables is null");
    }

    public StatementShape describe(String sql) {
        if (sql.isBlank()) {
            throw ApiException.badRequest("SQL query cannot be empty");
        }
        SqlText.check(sql);
        try (QuerySession session = engine.openSession()) {
            CheckedStatement checked = session.check(sql);
            // The engine binds table names when it prepares: the results and datasets the statement names must
            // be visible.
            files.expose(checked.resultIds());
            tables.expose(checked);
            return session.describe(checked);
        }
    }
}
