package io.resultstore.engine;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Sees a statement's rows as Arrow batches while the engine produces and stages them, so a protocol can send
 * them on before the statement ends. The staged copy is what the result is persisted from, whatever the tap
 * does with its batches. An engine that cannot stream this way never calls it; the protocol then reads the
 * staged result as before.
 */
public interface RowTap {
    /** Where the engine allocates the batches it hands over. */
    BufferAllocator allocator();

    /**
     * The rows begin, before the first batch. {@code canceled} turns true when the statement is stopped: a tap
     * waiting for its reader must then give up.
     */
    void open(Schema schema, BooleanSupplier canceled);

    /** One batch, owned by the tap from now on (it closes it); may block until the tap's reader catches up. */
    void batch(ArrowRecordBatch batch);

    /** No more batches: the statement ran to its end ({@code failure} empty) or failed. */
    void end(Optional<Throwable> failure);
}
