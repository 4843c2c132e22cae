package io.resultstore.engine;

import java.sql.SQLException;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Stages rows computed elsewhere (a remote engine) under a result id, so that they are read back, persisted,
 * paged and downloaded exactly like a local result.
 */
public interface ArrowStaging {
    /**
     * Pulls every batch of {@code batches} into the staging table of {@code resultId}, in order; the batches' column
     * {@code i} becomes the staged column {@code columns.get(i)}.
     * Answers with at most {@code maxRows} rows. A failure of the reader fails the statement; the caller drops
     * the staged result.
     */
    ExecutedQuery stage(String resultId, BufferAllocator allocator, ArrowReader batches,
            List<Target> columns, int maxRows, long startNanos) throws SQLException;

    /**
     * A staged column: its name (names may repeat, as in any result) and, for a type Arrow cannot carry such as
     * {@code UUID}, the engine type its transported value is cast to.
     */
    record Target(String name, Optional<String> cast) {
        public Target {
            requireNonNull(name, "name is null");
            requireNonNull(cast, "cast is null");
        }
    }
}
