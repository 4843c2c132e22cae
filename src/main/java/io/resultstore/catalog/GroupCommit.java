package io.resultstore.catalog;

import static java.util.Objects.requireNonNull;

import io.resultstore.error.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Group commit: concurrent callers queue their item, and whoever gets the lock writes everything queued so far in
 * one transaction, while the others find their item done. One commit then serves many requests instead of one each
 * (SQLite takes one writer at a time; PostgreSQL pays a round trip and a WAL flush per commit). When a batch fails,
 * its items are retried one by one so that only the bad one fails.
 *
 * <p>Callers that find the lock taken park until their item is done or it is their turn, and the writer wakes
 * them all at once after its commit. (Queueing on the lock instead woke them one after another, each only once the
 * previous one had run, unlocked and handed on: on two cores that chain, not SQLite, set the pace of 1 KiB PUTs.)
 */
final class GroupCommit<T> {
    private static final int MAX_BATCH = 512;
    private static final Object WRITTEN = new Object();

    private static final class Pending<T> {
        final T item;
        final Thread owner = Thread.currentThread();
        /** null while queued, then {@link #WRITTEN} or the item's failure. */
        volatile Object outcome;

        Pending(T item) {
            this.item = item;
        }
    }

    private final ConcurrentLinkedQueue<Pending<T>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Consumer<List<T>> writeBatch;

    /** {@code writeBatch} writes all items in one transaction, or none. */
    GroupCommit(Consumer<List<T>> writeBatch) {
        this.writeBatch = requireNonNull(writeBatch, "writeBatch is null");
    }

    void write(T item) {
        Pending<T> mine = new Pending<>(item);
        queue.add(mine);
        boolean interrupted = false;
        while (mine.outcome == null) {
            if (lock.tryLock()) {
                List<Pending<T>> batch;
                try {
                    batch = flush();
                } finally {
                    lock.unlock();
                }
                wake(batch);
                // Items queued during this commit: their owners are parked, one of them takes the next turn.
                Pending<T> next = queue.peek();
                if (next != null) {
                    LockSupport.unpark(next.owner);
                }
            } else {
                // Woken when the item is written or when the writer finds it still queued; the loop checks which.
                LockSupport.park(this);
                // An interrupt would end every later park at once; the write finishes first, as under a lock.
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (mine.outcome instanceof RuntimeException e) {
            throw e;
        }
        if (mine.outcome instanceof Error e) {
            throw e;
        }
    }

    private List<Pending<T>> flush() {
        List<Pending<T>> batch = new ArrayList<>();
        for (Pending<T> p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; ) {
            batch.add(p);
        }
        if (batch.isEmpty()) {
            return batch;
        }
        try {
            writeBatch.accept(batch.stream().map(p -> p.item).toList());
            batch.forEach(p -> p.outcome = WRITTEN);
        } catch (Error e) {
            // Every item gets an outcome, or its caller would wait for good.
            batch.forEach(p -> p.outcome = e);
        } catch (RuntimeException batchFailure) {
            // Row by row finds the bad one; a catalog that is unreachable or full fails them all alike, and
            // retrying each would wait for it once per row.
            if (batch.size() == 1 || batchFailure instanceof ApiException) {
                batch.forEach(p -> p.outcome = batchFailure);
                return batch;
            }
            for (Pending<T> p : batch) {
                try {
                    writeBatch.accept(List.of(p.item));
                    p.outcome = WRITTEN;
                } catch (RuntimeException e) {
                    p.outcome = e;
                }
            }
        }
        return batch;
    }

    private static <T> void wake(List<Pending<T>> batch) {
        Thread self = Thread.currentThread();
        for (Pending<T> p : batch) {
            if (p.owner != self) {
                LockSupport.unpark(p.owner);
            }
        }
    }
}
