package io.resultstore.engine;

import java.nio.file.Path;
import java.util.List;

/** Access to results staged in the engine, for the background writer. */
public interface StagedResults {
    /**
     * Writes the staged result of {@code resultId}, whose {@code columns} its query reported, as a zstd Parquet
     * file at {@code target}; stops the write and
     * throws {@link ResultTooLargeException} as soon as the file grows beyond {@code maxBytes} ({@code <= 0}: no
     * cap), so an oversized result never fills the disk before it is refused. Frees the staged result afterwards,
     * whether the write succeeded or not.
     */
    void writeParquet(String resultId, List<Column> columns, Path target, long maxBytes) throws Exception;

    /** Frees the staged result; idempotent. */
    void dropStaged(String resultId);
}
