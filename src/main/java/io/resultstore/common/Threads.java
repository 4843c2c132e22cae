package io.resultstore.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads for background executors: they show up by name in thread dumps and never block exit. */
public final class Threads {
    private Threads() {}

    /** Threads called {@code name}, {@code name-2}, {@code name-3}, … */
    public static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            int n = count.incrementAndGet();
            Thread t = new Thread(r, n == 1 ? name : name + "-" + n);
            t.setDaemon(true);
            return t;
        };
    }

    /** Interrupts a background executor's tasks and waits a little for them to end; an unfinished task is abandoned. */
    public static void stop(ExecutorService executor, long seconds) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
