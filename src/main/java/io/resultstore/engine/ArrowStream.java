package io.resultstore.engine;

import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * A result read from the engine as Arrow record batches, one batch in memory at a time. Closing it frees the
 * batches and the engine's hold on the rows; it must be closed by whoever opened it.
 */
public interface ArrowStream extends AutoCloseable {
    /** The reader; its root is reused for every batch. */
    ArrowReader reader();

    @Override
    void close();
}
