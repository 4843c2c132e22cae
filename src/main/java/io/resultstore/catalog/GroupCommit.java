package io.resultstore.catalog;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Group commit for a database that takes one writer at a time (SQLite): concurrent callers queue their item,
 * and whoever gets the lock writes everything queued so far in one transaction, while the others find their item
 * done when the lock comes to them. One commit then serves many requests instead of one each. When a batch fails,
 * its items are retried one by one so that only the bad one fails.
 */
final class GroupCommit<T> {
    private static final int MAX_BATCH = 512;

    private record Pending<T>(T item, CompletableFuture<Void> done) {}

    private final ConcurrentLinkedQueue<Pending<T>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Consumer<List<T>> writeBatch;

    /** {@code writeBatch} writes all items in one transaction, or none. */
    GroupCommit(Consumer<List<T>> writeBatch) {
        this.writeBatch = requireNonNull(writeBatch, "writeBatch is null");
    }

    void write(T item) {
        Pending<T> mine = new Pending<>(item, new CompletableFuture<>());
        queue.add(mine);
        while (!mine.done().isDone()) {
            lock.lock();
            try {
                if (!mine.done().isDone()) {
                    flush();
                }
            } finally {
                lock.unlock();
            }
        }
        try {
            mine.done().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void flush() {
        List<Pending<T>> batch = new ArrayList<>();
        for (Pending<T> p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; ) {
            batch.add(p);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            writeBatch.accept(batch.stream().map(Pending::item).toList());
            batch.forEach(p -> p.done().complete(null));
        } catch (RuntimeException batchFailure) {
            if (batch.size() == 1) {
                batch.getFirst().done().completeExceptionally(batchFailure);
                return;
            }
            for (Pending<T> p : batch) {
                try {
                    writeBatch.accept(List.of(p.item()));
                    p.done().complete(null);
                } catch (RuntimeException e) {
                    p.done().completeExceptionally(e);
                }
            }
        }
    }
}
