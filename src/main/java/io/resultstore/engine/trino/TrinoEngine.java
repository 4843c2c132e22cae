package io.resultstore.engine.trino;

import static java.util.Objects.requireNonNull;

import io.resultstore.config.Config;
import io.resultstore.engine.Column;
import io.resultstore.engine.DuckDbEngine;
import io.resultstore.engine.Engines;
import io.resultstore.engine.Page;
import io.resultstore.engine.QueryEngine;
import io.resultstore.engine.QuerySession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Queries run on a Trino cluster; their rows are staged, persisted and read back by the local engine, so a Trino
 * result is paged, downloaded and queried as {@code results."<id>"} like any other. Everything but running the
 * statement is the local engine's.
 */
public final class TrinoEngine implements QueryEngine {
    private final DuckDbEngine local;
    private final TrinoConnector connector;
    private final BufferAllocator allocator = new RootAllocator();
    private final AtomicLong sessions = new AtomicLong();

    public TrinoEngine(Config.TrinoSettings settings, DuckDbEngine local) {
        this.local = requireNonNull(local, "local is null");
        this.connector = new TrinoConnector(requireNonNull(settings, "settings is null"));
    }

    @Override
    public String name() {
        return Engines.TRINO;
    }

    @Override
    public QuerySession openSession() {
        return new TrinoSession(connector, local,
                allocator.newChildAllocator("trino-query-" + sessions.incrementAndGet(), 0, Long.MAX_VALUE));
    }

    @Override
    public void exposeResult(String resultId, Path dataFile, List<Column> columns) {
        local.exposeResult(resultId, dataFile, columns);
    }

    @Override
    public void hideResult(String resultId) {
        local.hideResult(resultId);
    }

    @Override
    public Page readPage(Path dataFile, List<Column> columns, long offset, int limit) {
        return local.readPage(dataFile, columns, offset, limit);
    }

    @Override
    public void scan(Path dataFile, List<Column> columns, RowScan consumer) throws IOException {
        local.scan(dataFile, columns, consumer);
    }

    @Override
    public void writeParquet(String resultId, List<Column> columns, Path target, long maxBytes) throws Exception {
        local.writeParquet(resultId, columns, target, maxBytes);
    }

    @Override
    public void dropStaged(String resultId) {
        local.dropStaged(resultId);
    }

    /** Closes what talks to Trino; the local engine is closed by whoever opened it. */
    @Override
    public void close() {
        connector.close();
        allocator.close();
    }
}
