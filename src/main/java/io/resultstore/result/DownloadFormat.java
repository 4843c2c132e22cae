package io.resultstore.result;

import io.resultstore.error.ApiException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The formats {@code GET /results/{id}/data} can answer in, by {@code format} name or {@code Accept} media type. */
public enum DownloadFormat {
    CSV("csv", "text/csv", List.of("text/csv")),
    JSONL("jsonl", "application/x-ndjson", List.of("application/x-ndjson", "application/jsonl",
            "application/json-lines", "application/x-jsonlines")),
    PARQUET("parquet", "application/vnd.apache.parquet", List.of("application/vnd.apache.parquet",
            "application/parquet", "application/x-parquet")),
    ARROW("arrow", "application/vnd.apache.arrow.stream", List.of("application/vnd.apache.arrow.stream"));

    /** What a client that names no format (or only {@code *}{@code /*}) gets: readable by any tool. */
    public static final DownloadFormat DEFAULT = CSV;

    private final String wireName;
    private final String contentType;
    private final List<String> mediaTypes;

    DownloadFormat(String wireName, String contentType, List<String> mediaTypes) {
        this.wireName = wireName;
        this.contentType = contentType;
        this.mediaTypes = mediaTypes;
    }

    public String wireName() {
        return wireName;
    }

    public String contentType() {
        return contentType;
    }

    public String fileExtension() {
        return wireName;
    }

    /**
     * The format named by the {@code format} parameter (400 when unknown), else the first media type of
     * {@code Accept} we serve, else {@link #DEFAULT}. Accept's q-values are not ranked: clients that ask for
     * a data format name one.
     */
    public static DownloadFormat resolve(Optional<String> formatParam, Optional<String> accept) {
        if (formatParam.isPresent()) {
            String name = formatParam.get().strip().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(f -> f.wireName.equals(name)).findFirst()
                    .orElseThrow(() -> ApiException.badRequest("unknown format '" + formatParam.get()
                            + "': expected one of " + Arrays.stream(values()).map(f -> f.wireName)
                            .collect(Collectors.joining(", "))));
        }
        if (accept.isPresent()) {
            for (String part : accept.get().split(",")) {
                String type = part.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
                for (DownloadFormat f : values()) {
                    if (f.mediaTypes.contains(type)) {
                        return f;
                    }
                }
            }
        }
        return DEFAULT;
    }
}
