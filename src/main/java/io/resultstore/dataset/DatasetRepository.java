package io.resultstore.dataset;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The catalog's record of datasets. Every change of a blob reference queues the old blob's deletion with it. */
public interface DatasetRepository {
    /**
     * Inserts a new dataset and, when {@code consumedUpload} is given, removes that upload (queuing its blob) in the
     * same transaction. False when a live dataset already has the table name.
     */
    boolean insert(Dataset dataset, Optional<String> consumedUpload, Instant deleteAfter);

    Optional<Dataset> find(String id);

    /** The live dataset with that table name. */
    Optional<Dataset> findByTable(String tableName);

    /** Datasets (tombstones left out) with ids after {@code afterId}, in id order. */
    List<Dataset> list(Optional<String> afterId, int limit);

    /**
     * Replaces a live dataset's row with {@code updated}; a changed blob queues the old one's deletion, a consumed
     * upload goes as in {@link #insert}. Empty when it is gone; throws {@code CONFLICT} when the new name is taken.
     */
    Optional<Dataset> update(Dataset updated, Optional<String> consumedUpload, Instant deleteAfter);

    /** Makes a live dataset a tombstone and queues its blob; empty when it was not live. */
    Optional<Dataset> tombstone(String id, Instant now, Instant deleteAfter);

    long liveCount();
}
