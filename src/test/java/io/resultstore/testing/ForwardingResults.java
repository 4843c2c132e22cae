package io.resultstore.testing;

import io.resultstore.result.Result;
import io.resultstore.result.ResultRepository;
import io.resultstore.result.ResultStatus;
import io.resultstore.run.RunCompletion;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Passes every call to a real result repository; tests override the calls they want to break. */
public class ForwardingResults implements ResultRepository {
    protected final ResultRepository delegate;

    public ForwardingResults(ResultRepository delegate) {
        this.delegate = delegate;
    }

    @Override
    public void insert(Result result, String owner) {
        delegate.insert(result, owner);
    }

    @Override
    public boolean insertCompletingRun(Result result, String owner, RunCompletion completion) {
        return delegate.insertCompletingRun(result, owner, completion);
    }

    @Override
    public Optional<Result> find(String id) {
        return delegate.find(id);
    }

    @Override
    public Optional<Result> findReusable(String reuseKey, Instant createdSince, Instant now) {
        return delegate.findReusable(reuseKey, createdSince, now);
    }

    @Override
    public Map<String, ResultStatus> statuses(Collection<String> ids) {
        return delegate.statuses(ids);
    }

    @Override
    public List<Result> list(Optional<ResultStatus> status, int limit, int offset) {
        return delegate.list(status, limit, offset);
    }

    @Override
    public boolean markReady(String id, String storageKey, long bytes, Instant completedAt, Optional<Instant> expiresAt) {
        return delegate.markReady(id, storageKey, bytes, completedAt, expiresAt);
    }

    @Override
    public boolean markFailed(String id, String errorMessage, Instant completedAt, Optional<Instant> expiresAt) {
        return delegate.markFailed(id, errorMessage, completedAt, expiresAt);
    }

    @Override
    public boolean failReady(String id, String errorMessage) {
        return delegate.failReady(id, errorMessage);
    }

    @Override
    public Optional<Result> tombstone(String id, ResultStatus tombstone, Instant now, Instant deleteAfter) {
        return delegate.tombstone(id, tombstone, now, deleteAfter);
    }

    @Override
    public List<String> expired(Instant now, int limit) {
        return delegate.expired(now, limit);
    }

    @Override
    public int failOrphaned(String errorMessage, Instant now, Instant liveSince) {
        return delegate.failOrphaned(errorMessage, now, liveSince);
    }
}
