package io.resultstore.storage;

import java.time.Instant;
import java.util.List;

/** Blob deletions waiting to happen, kept in the catalog so that they survive crashes and are retried. */
public interface BlobDeletionQueue {
    void enqueue(String storageKey, Instant notBefore);

    /**
     * Claims up to {@code limit} due deletions by pushing their {@code not_before} to {@code leaseUntil}, so two
     * replicas never work on the same one at once. A claim that is never confirmed simply comes due again.
     */
    List<PendingDeletion> claimDue(Instant now, Instant leaseUntil, int limit);

    void done(long id);

    void retryLater(long id, String error, Instant notBefore);

    long pending();

    record PendingDeletion(long id, String storageKey, int attempts) {}
}
