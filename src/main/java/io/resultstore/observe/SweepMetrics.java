package io.resultstore.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** What the sweeper did: orphaned work failed, results expired, file deletions done or put off for a retry. */
public final class SweepMetrics {
    private final Counter staleFailed;
    private final Counter expired;
    private final Counter deleted;
    private final Counter deletionRetried;

    public SweepMetrics(MeterRegistry registry) {
        this.staleFailed = counter(registry, "stale_failed");
        this.expired = counter(registry, "expired");
        this.deleted = counter(registry, "file_deleted");
        this.deletionRetried = counter(registry, "file_deletion_retried");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("resultstore.sweeper").description("sweeper actions by outcome")
                .tag("outcome", outcome).register(registry);
    }

    public void staleFailed(int count) {
        staleFailed.increment(count);
    }

    public void expired() {
        expired.increment();
    }

    public void fileDeleted() {
        deleted.increment();
    }

    public void fileDeletionRetried() {
        deletionRetried.increment();
    }
}
