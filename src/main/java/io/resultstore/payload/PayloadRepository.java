package io.resultstore.payload;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Payload records in the catalog. Removal leaves a tombstone (state {@code deleted} or {@code expired}, data
 * dropped) and queues the blob for deletion in the same transaction, so no file outlives its record unnoticed.
 */
public interface PayloadRepository {
    /** Binds an idempotency key to the response of the write it came with. */
    record Idempotency(String key, String response, Instant createdAt, Instant validSince) {}

    /** What a removal did: how many records it turned into tombstones and which blobs they leave behind. */
    record Removed(int count, long bytes, List<String> blobKeys) {
        public Removed {
            blobKeys = List.copyOf(blobKeys);
        }
    }

    record Totals(long count, long bytes) {}

    /**
     * Live payloads by scope and by store, readable ones only; {@code expiredPending} are past their expiry but not
     * collected yet; {@code collected} what GC has removed in total; {@code lastGcAt} / {@code lastGcCollected} its
     * last pass.
     */
    record Stats(java.util.Map<String, Totals> byScope, java.util.Map<String, Totals> byStore, Totals expiredPending,
            Totals deleted, Totals collected, Optional<Instant> lastGcAt, long lastGcCollected) {}

    /**
     * Inserts the payload. With {@code idempotency}, an earlier response under the same key and execution that is
     * still valid wins: nothing is inserted and that response is returned. Throws {@link IdTaken}, with nothing
     * inserted, when another payload already has the id.
     */
    Optional<String> insert(Payload payload, Optional<byte[]> inline, Optional<Idempotency> idempotency);

    /**
     * A payload id already in the catalog: two replicas sharing a catalog were given the same {@code node.id}, so
     * their snowflakes can coincide. The caller takes a new id.
     */
    final class IdTaken extends RuntimeException {
        public IdTaken(long id) {
            super("payload id " + id + " is taken", null, false, false);
        }
    }

    /** The response stored for {@code key} in {@code executionId} since {@code validSince}. */
    Optional<String> idempotentResponse(String executionId, String key, Instant validSince);

    /** Any state, so that tombstones can answer 410. */
    Optional<StoredPayload> find(long id);

    /** The newest readable payload of that name. */
    Optional<StoredPayload> latest(String executionId, String name, Instant now);

    /** True when any record, tombstones included, has that name. */
    boolean exists(String executionId, String name);

    /** Readable payloads, oldest first; {@code step} matches the name or the source step. */
    List<Payload> list(String executionId, Optional<Scope> scope, Optional<String> step, Instant now);

    /** Removes one live payload; empty when it was not live. */
    Optional<Payload> delete(long id, Instant now);

    Removed deleteExecution(String executionId, List<Scope> scopes, Instant now);

    /** Removes the step-scoped payloads whose name or source step is {@code step}. */
    Removed deleteStep(String executionId, String step, Instant now);

    /** Claims up to {@code limit} live payloads expired at {@code now} and turns them into tombstones. */
    Removed collectExpired(Instant now, int limit);

    /** Forgets tombstones removed before {@code before} and idempotency keys older than {@code keysBefore}. */
    int purge(Instant before, Instant keysBefore, int limit);

    void recordGcRun(Instant at, Removed collected);

    Stats stats(Instant now);
}
