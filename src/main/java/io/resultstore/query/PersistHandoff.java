package io.resultstore.query;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds a finished query's background write until its answer is out. Started earlier, the Parquet write takes
 * the same cores the answer is being serialized on, and the caller waits for both. The write starts exactly once,
 * when the query has handed it over and the answer was sent, failed to send, or is not awaited (the caller got
 * a run id instead).
 */
public final class PersistHandoff {
    private final AtomicInteger missing = new AtomicInteger(2);
    private final AtomicBoolean answered = new AtomicBoolean();
    private final AtomicReference<Runnable> write = new AtomicReference<>();

    /** The query's side: {@code start} runs now if the answer is already out, else once it is. Called at most once. */
    void handOver(Runnable start) {
        if (!write.compareAndSet(null, requireNonNull(start, "start is null"))) {
            throw new IllegalStateException("write already handed over");
        }
        arrive();
    }

    /** The caller's side: the answer is out, or nobody waits for one. Idempotent. */
    public void answered() {
        if (answered.compareAndSet(false, true)) {
            arrive();
        }
    }

    private void arrive() {
        if (missing.decrementAndGet() == 0) {
            write.get().run();
        }
    }
}
