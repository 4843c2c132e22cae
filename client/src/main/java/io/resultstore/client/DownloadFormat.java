package io.resultstore.client;

import java.util.Locale;

/** The formats of {@code GET /results/{id}/data}. */
public enum DownloadFormat {
    CSV, JSONL, PARQUET, ARROW;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
