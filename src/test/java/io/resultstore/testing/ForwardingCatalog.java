package io.resultstore.testing;

import io.resultstore.catalog.Catalog;
import io.resultstore.result.ResultRepository;
import io.resultstore.run.QueryRunRepository;
import io.resultstore.storage.BlobDeletionQueue;
import java.time.Instant;

/** Passes every call to a real catalog; tests override the parts they want to break. */
public class ForwardingCatalog implements Catalog {
    protected final Catalog delegate;

    public ForwardingCatalog(Catalog delegate) {
        this.delegate = delegate;
    }

    @Override
    public String type() {
        return delegate.type();
    }

    @Override
    public ResultRepository results() {
        return delegate.results();
    }

    @Override
    public QueryRunRepository runs() {
        return delegate.runs();
    }

    @Override
    public BlobDeletionQueue deletions() {
        return delegate.deletions();
    }

    @Override
    public void heartbeat(String owner, Instant now) {
        delegate.heartbeat(owner, now);
    }

    @Override
    public void leave(String owner) {
        delegate.leave(owner);
    }

    @Override
    public void forgetOtherOwners(String owner) {
        delegate.forgetOtherOwners(owner);
    }

    @Override
    public void ping() {
        delegate.ping();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
