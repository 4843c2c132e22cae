package io.resultstore.payload;

import java.util.Locale;

/** {@code live}, or a tombstone kept so that later reads of the ref answer 410 instead of 404. */
public enum PayloadState {
    LIVE,
    DELETED,
    EXPIRED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PayloadState fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
