package io.resultstore.testing;

import io.resultstore.run.QueryRun;
import io.resultstore.run.QueryRunRepository;
import io.resultstore.run.RunCompletion;
import io.resultstore.run.RunCursor;
import io.resultstore.run.RunStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Passes every call to a real run repository; tests override the calls they want to break or race. */
public class ForwardingRuns implements QueryRunRepository {
    protected final QueryRunRepository delegate;

    public ForwardingRuns(QueryRunRepository delegate) {
        this.delegate = delegate;
    }

    @Override
    public void insert(QueryRun run, String owner) {
        delegate.insert(run, owner);
    }

    @Override
    public Optional<QueryRun> find(String id) {
        return delegate.find(id);
    }

    @Override
    public Map<String, RunStatus> statuses(Collection<String> ids) {
        return delegate.statuses(ids);
    }

    @Override
    public List<QueryRun> list(Optional<RunCursor> after, int limit) {
        return delegate.list(after, limit);
    }

    @Override
    public boolean complete(String id, RunCompletion completion) {
        return delegate.complete(id, completion);
    }

    @Override
    public int failOrphaned(String errorMessage, Instant now, Instant liveSince) {
        return delegate.failOrphaned(errorMessage, now, liveSince);
    }
}
