package io.resultstore.engine;

import java.io.IOException;

/** A result's data file outgrew {@code results.max_bytes}; its write was stopped and the partial file is waste. */
public final class ResultTooLargeException extends IOException {
    private final long limit;

    public ResultTooLargeException(long limit) {
        super("result is larger than the limit of " + limit + " bytes (results.max_bytes)");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
