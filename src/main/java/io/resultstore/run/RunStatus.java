package io.resultstore.run;

import java.util.Locale;

public enum RunStatus {
    RUNNING, SUCCEEDED, FAILED, CANCELED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromWire(String text) {
        return RunStatus.valueOf(text.toUpperCase(Locale.ROOT));
    }
}
