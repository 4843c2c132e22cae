package io.resultstore.catalog;

import io.resultstore.payload.PayloadRepository;
import io.resultstore.result.ResultRepository;
import io.resultstore.run.QueryRunRepository;
import io.resultstore.storage.BlobDeletionQueue;
import java.time.Instant;

/** The durable record of results, runs and pending deletions; SQLite embedded, PostgreSQL when scaled out. */
public interface Catalog extends AutoCloseable {
    /** {@code sqlite} or {@code postgres}, as {@code /health} reports it. */
    String type();

    ResultRepository results();

    QueryRunRepository runs();

    BlobDeletionQueue deletions();

    /** Workflow payloads ({@code /api/result}). */
    PayloadRepository payloads();

    /** Records that {@code owner} (one server process) is alive; its work is safe from other replicas' sweepers. */
    void heartbeat(String owner, Instant now);

    /** Removes {@code owner}'s heartbeat: what it still owns is orphaned at once. */
    void leave(String owner);

    /**
     * Forgets every owner but {@code owner}. Only for an embedded catalog, which one process owns alone: whoever
     * else heartbeated there is dead, and their unfinished work can be failed at once.
     */
    void forgetOtherOwners(String owner);

    /** Throws {@code UNAVAILABLE} when the database cannot be reached. */
    void ping();

    @Override
    void close();
}
