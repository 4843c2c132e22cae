package io.resultstore.query;

import java.nio.file.Path;

/** Access to results staged in the engine, for the background writer. */
public interface StagedResults {
    /** Writes the staged result of {@code resultId} as a zstd Parquet file at {@code target}. */
    void writeParquet(String resultId, Path target) throws Exception;

    /** Frees the staged result; idempotent. */
    void dropStaged(String resultId);
}
