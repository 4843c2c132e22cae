package io.resultstore.engine;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An {@link ArrowReader} over batches another thread hands over, at most {@code capacity} waiting at a time. A
 * batch holds its buffers by reference count, so nothing is copied on the way. Once closed, batches still handed
 * over are freed at once: the producer never waits for a reader that went away.
 */
public final class QueuedBatches extends ArrowReader {
    /** How often a waiting side looks whether it should stop waiting. */
    private static final long POLL_MS = 50;

    private record End(Optional<Throwable> failure) {}

    private final Schema schema;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    /** Room for batches: taken by the producer, given back as the reader takes a batch. */
    private final Semaphore room;
    private volatile boolean closed;
    private volatile BooleanSupplier readerGone = () -> false;
    private long bytes;

    public QueuedBatches(BufferAllocator allocator, Schema schema, int capacity) {
        super(allocator);
        this.schema = requireNonNull(schema, "schema is null");
        this.room = new Semaphore(capacity);
    }

    /** Hands over a batch without waiting; false (the batch is still the caller's) when the queue is full. */
    public boolean offer(ArrowRecordBatch batch) {
        if (closed) {
            batch.close();
            return true;
        }
        if (!room.tryAcquire()) {
            return false;
        }
        queue.add(batch);
        freeIfClosed();
        return true;
    }

    /** Hands over a batch, waiting for room while {@code stop} is false; a batch not taken is freed. */
    public void put(ArrowRecordBatch batch, BooleanSupplier stop) throws InterruptedException {
        while (!closed && !stop.getAsBoolean()) {
            if (room.tryAcquire(POLL_MS, TimeUnit.MILLISECONDS)) {
                queue.add(batch);
                freeIfClosed();
                return;
            }
        }
        batch.close();
    }

    /** No more batches: the reader ends after the ones queued, or fails with {@code failure}. */
    public void end(Optional<Throwable> failure) {
        queue.add(new End(failure));
        freeIfClosed();
    }

    /** The reader stops waiting (and fails) once {@code gone} says its consumer went away. */
    public void stopWhen(BooleanSupplier gone) {
        this.readerGone = requireNonNull(gone, "gone is null");
    }

    /**
     * The producer's side: frees what waits and every batch handed over from now on, while the reader's own
     * batch stays intact; the reader fails at its next batch.
     */
    public void letGo() {
        closed = true;
        freeIfClosed();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        prepareLoadNextBatch();
        Object next;
        try {
            do {
                if (readerGone.getAsBoolean()) {
                    throw new IOException("the reader went away");
                }
                if (closed) {
                    throw new IOException("the rows were let go");
                }
                next = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
            } while (next == null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for rows", e);
        }
        if (next instanceof ArrowRecordBatch batch) {
            room.release();
            bytes += batch.computeBodyLength();
            loadRecordBatch(batch);
            return true;
        }
        Optional<Throwable> failure = ((End) next).failure();
        // Seen again by a later call.
        queue.add(next);
        if (failure.isPresent()) {
            throw new IOException("the statement failed: " + failure.get().getMessage(), failure.get());
        }
        return false;
    }

    @Override
    public long bytesRead() {
        return bytes;
    }

    @Override
    protected void closeReadSource() {
        closed = true;
        freeIfClosed();
    }

    @Override
    protected Schema readSchema() {
        return schema;
    }

    private void freeIfClosed() {
        if (!closed) {
            return;
        }
        for (Object o; (o = queue.poll()) != null; ) {
            if (o instanceof ArrowRecordBatch batch) {
                batch.close();
            }
        }
    }
}
