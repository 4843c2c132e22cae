package io.resultstore.client;

import java.time.Duration;

/** Told before each poll while the client waits for a run or a result, e.g. to draw a spinner. */
@FunctionalInterface
public interface WaitListener {
    WaitListener NONE = (what, elapsed) -> { };

    void waiting(String what, Duration elapsed);
}
