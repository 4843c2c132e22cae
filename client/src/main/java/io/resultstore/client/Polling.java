package io.resultstore.client;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls until an answer is there: quick at first (most runs end within a second), then once a second. */
final class Polling {
    private static final Duration FIRST = Duration.ofMillis(25);
    private static final Duration MAX = Duration.ofSeconds(1);

    private Polling() {
    }

    static <T> T until(String what, Duration timeout, WaitListener listener, Supplier<Optional<T>> poll) {
        long start = System.nanoTime();
        Duration pause = FIRST;
        while (true) {
            Optional<T> done = poll.get();
            if (done.isPresent()) {
                return done.get();
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (elapsed.compareTo(timeout) >= 0) {
                throw new ResultStoreException("TIMEOUT", 0, what + " did not finish within " + timeout.toMillis() + " ms");
            }
            listener.waiting(what, elapsed);
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ResultStoreException("INTERRUPTED", 0, "interrupted while waiting for " + what, e);
            }
            pause = pause.multipliedBy(2).compareTo(MAX) > 0 ? MAX : pause.multipliedBy(2);
        }
    }
}
