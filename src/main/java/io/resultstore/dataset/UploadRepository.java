package io.resultstore.dataset;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The catalog's record of uploads. */
public interface UploadRepository {
    void insert(Upload upload);

    Optional<Upload> find(String id);

    /** Ids of uploads whose time ran out. */
    List<String> expired(Instant now, int limit);

    /** Removes the row and queues its blob for deletion in one transaction; false when it was already gone. */
    boolean remove(String id, Instant deleteAfter);
}
