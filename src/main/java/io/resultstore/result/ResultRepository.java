package io.resultstore.result;

import io.resultstore.run.RunCompletion;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog's view of results. Every state change is conditional on the current state, so a late or
 * duplicate writer can never move a result backwards (e.g. {@code failed → ready}).
 */
public interface ResultRepository {
    void insert(Result result, String owner);

    /**
     * Ends the result's run with {@code completion} and inserts the result, in one transaction: a run never
     * names a result that is not there. False, with nothing inserted, when the run had already ended (a cancel
     * came first).
     */
    boolean insertCompletingRun(Result result, String owner, RunCompletion completion);

    Optional<Result> find(String id);

    /**
     * The newest ready result stored under {@code reuseKey} that was created at or after {@code createdSince} and
     * has not expired by {@code now}.
     */
    Optional<Result> findReusable(String reuseKey, Instant createdSince, Instant now);

    /** The current status of each known id among {@code ids}, in one catalog round trip. */
    Map<String, ResultStatus> statuses(Collection<String> ids);

    /** Newest first; tombstones are never listed. Returns up to {@code limit} rows. */
    List<Result> list(Optional<ResultStatus> status, int limit, int offset);

    /** {@code processing → ready}; false when the result was no longer processing. */
    boolean markReady(String id, String storageKey, long bytes, Instant completedAt, Optional<Instant> expiresAt);

    /** {@code processing → failed}; false when the result was no longer processing. */
    boolean markFailed(String id, String errorMessage, Instant completedAt, Optional<Instant> expiresAt);

    /** {@code ready → failed}, for a ready result whose data file has vanished. */
    boolean failReady(String id, String errorMessage);

    /**
     * Turns a result into a tombstone and queues its data file for deletion after {@code deleteAfter}, in one
     * transaction. Returns the result as it was, or empty when it was unknown or already a tombstone.
     */
    Optional<Result> tombstone(String id, ResultStatus tombstone, Instant now, Instant deleteAfter);

    /** Ids of ready or failed results whose {@code expires_at} has passed. */
    List<String> expired(Instant now, int limit);

    /**
     * Fails processing results whose owner is not among the live owners and queues their files' deletion (due
     * {@code now}) in the same transaction; returns how many.
     */
    int failOrphaned(String errorMessage, Instant now, Instant liveSince);
}
