package io.resultstore.connection;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The catalog's record of connections and their cached tables. Every dropped blob is queued for deletion. */
public interface ConnectionRepository {
    /** False when a connection already has that name. */
    boolean insert(SourceConnection connection);

    Optional<SourceConnection> find(String id);

    Optional<SourceConnection> findByName(String name);

    /** Every connection, by name. */
    List<SourceConnection> list();

    /** Removes the connection and its cached tables, queuing their blobs; empty when it was not there. */
    Optional<SourceConnection> remove(String id, Instant deleteAfter);

    List<CachedTable> cached(String connectionId);

    Optional<CachedTable> cached(String connectionId, String schema, String table);

    /**
     * Records a sync, replacing (and queuing the blob of) an earlier one of the same table. False, with nothing
     * written, when the connection is gone meanwhile.
     */
    boolean putCached(CachedTable table, Instant deleteAfter);

    /** Forgets every cached table of the connection, queuing their blobs; returns how many. */
    int purge(String connectionId, Instant deleteAfter);
}
