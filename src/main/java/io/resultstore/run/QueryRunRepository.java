package io.resultstore.run;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public interface QueryRunRepository {
    void insert(QueryRun run, String owner);

    Optional<QueryRun> find(String id);

    /** The current status of each of {@code ids} that exists, in one catalog round trip. */
    Map<String, RunStatus> statuses(Collection<String> ids);

    /** Newest first, strictly after the keyset position {@code (createdAt, id)} when given. */
    List<QueryRun> list(Optional<RunCursor> after, int limit);

    /** {@code running → status}; false when the run had already ended. */
    boolean complete(String id, RunCompletion completion);

    /** Fails running runs whose owner is not among the live owners; returns how many. */
    int failOrphaned(String errorMessage, Instant now, Instant liveSince);
}
