package io.resultstore.flight;

import static java.util.Objects.requireNonNull;

import io.resultstore.engine.ArrowStream;
import io.resultstore.engine.QueuedBatches;
import io.resultstore.engine.RowTap;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A Flight query's rows on their way from the engine to its {@code DoGet}, batch by batch while the statement
 * runs. A few batches wait here for the reader; beyond that the statement waits for it, so the server holds a
 * constant amount whatever the result's size. A result that fits ends before its flight info is answered, which
 * then names its row count. Closing it (the ticket was dropped, or its reader went away) frees what waits and
 * lets the statement run on into its staged copy alone: the result is persisted either way.
 */
final class StreamedRows implements RowTap, ArrowStream {
    /** Batches held for a reader not there yet: what a small result fits in. */
    static final int WAITING_BATCHES = 4;
    /** How long the statement waits for a reader that takes no batch before it goes on without it. */
    static final Duration READER_PATIENCE = Duration.ofMinutes(1);

    private final BufferAllocator allocator;
    private final CompletableFuture<Schema> opened = new CompletableFuture<>();
    /** Completes once the statement waits for its reader: the flight info is answered then, rows still to come. */
    private final CompletableFuture<Void> waitsForReader = new CompletableFuture<>();
    private volatile QueuedBatches batches;
    private volatile boolean closed;
    private volatile boolean readerTooSlow;
    private BooleanSupplier stopped = () -> false;

    StreamedRows(BufferAllocator allocator) {
        this.allocator = requireNonNull(allocator, "allocator is null");
    }

    @Override
    public BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public void open(Schema schema, BooleanSupplier canceled) {
        this.stopped = requireNonNull(canceled, "canceled is null");
        batches = new QueuedBatches(allocator, schema, WAITING_BATCHES);
        if (closed) {
            closeQuietly(batches);
        }
        opened.complete(schema);
    }

    @Override
    public void batch(ArrowRecordBatch batch) {
        if (batches.offer(batch)) {
            return;
        }
        waitsForReader.complete(null);
        long deadline = System.nanoTime() + READER_PATIENCE.toNanos();
        try {
            batches.put(batch, () -> stopped.getAsBoolean() || System.nanoTime() - deadline > 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            batch.close();
        }
        if (!batches.isClosed() && !stopped.getAsBoolean() && System.nanoTime() - deadline > 0) {
            // The reader stopped reading: the statement goes on into its stored result without it.
            readerTooSlow = true;
            batches.letGo();
        }
    }

    /** Whether the rows were let go because their reader took no batch for {@link #READER_PATIENCE}. */
    boolean readerTooSlow() {
        return readerTooSlow;
    }

    @Override
    public void end(Optional<Throwable> failure) {
        batches.end(failure);
    }

    /** Whether the engine streams the rows here (else the statement ended without: read its staged result). */
    boolean isOpen() {
        return opened.isDone();
    }

    Optional<Schema> schema() {
        return Optional.ofNullable(opened.getNow(null));
    }

    /** Completes with the schema when the engine begins to stream the rows here. */
    CompletableFuture<Schema> opened() {
        return opened;
    }

    /** Completes when the rows began and the statement waits for its reader. */
    CompletableFuture<Void> waitingForReader() {
        return waitsForReader;
    }

    /** The reader gives up waiting (it fails) once {@code gone} says its client went away. */
    void stopWhen(BooleanSupplier gone) {
        batches.stopWhen(gone);
    }

    @Override
    public ArrowReader reader() {
        return requireNonNull(batches, "rows did not begin");
    }

    @Override
    public void close() {
        closed = true;
        QueuedBatches b = batches;
        if (b != null) {
            closeQuietly(b);
        }
    }

    private static void closeQuietly(QueuedBatches b) {
        try {
            b.close();
        } catch (Exception ignored) {
            // nothing left to free
        }
    }
}
