package io.resultstore.result;

import java.util.Locale;

/**
 * {@code processing → ready | failed}. {@code DELETED} and {@code EXPIRED} are tombstones kept in the catalog
 * so that later reads answer 410 rather than 404; they never appear as a result's own status on the wire,
 * only as the {@code result_status} of a query run whose result is gone.
 */
public enum ResultStatus {
    PROCESSING, READY, FAILED, DELETED, EXPIRED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isTombstone() {
        return this == DELETED || this == EXPIRED;
    }

    public static ResultStatus fromWire(String text) {
        return ResultStatus.valueOf(text.toUpperCase(Locale.ROOT));
    }
}
