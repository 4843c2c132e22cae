package io.resultstore.dataset;

import io.resultstore.error.ApiException;
import java.util.Locale;
import java.util.Optional;

/** The file formats an upload can hold, named on the wire as {@code csv}, {@code json} and {@code parquet}. */
public enum FileFormat {
    CSV("text/csv"),
    JSON("application/json"),
    PARQUET("application/vnd.apache.parquet");

    private final String contentType;

    FileFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FileFormat fromWire(String s) {
        return switch (s) {
            case "csv" -> CSV;
            case "json", "jsonl", "ndjson" -> JSON;
            case "parquet" -> PARQUET;
            default -> throw ApiException.badRequest("format must be one of csv, json, parquet; got '" + s + "'");
        };
    }

    /** The format a declared content type names; empty for a generic or missing one (then the bytes decide). */
    public static Optional<FileFormat> fromContentType(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String type = header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "text/csv", "application/csv", "text/comma-separated-values" -> Optional.of(CSV);
            case "application/json", "application/x-ndjson", "application/jsonl", "application/x-jsonlines",
                    "application/ndjson" -> Optional.of(JSON);
            case "application/vnd.apache.parquet", "application/x-parquet", "application/parquet" ->
                    Optional.of(PARQUET);
            default -> Optional.empty();
        };
    }

    /** A guess from the first bytes: Parquet's magic, a JSON opening bracket, otherwise text taken as CSV. */
    public static FileFormat sniff(byte[] head, int length) {
        if (length >= 4 && head[0] == 'P' && head[1] == 'A' && head[2] == 'R' && head[3] == '1') {
            return PARQUET;
        }
        int i = 0;
        if (length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            i = 3;
        }
        while (i < length && Character.isWhitespace(head[i])) {
            i++;
        }
        return i < length && (head[i] == '{' || head[i] == '[') ? JSON : CSV;
    }
}
