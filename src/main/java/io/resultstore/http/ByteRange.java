package io.resultstore.http;

import java.util.Optional;

/** One satisfiable byte range of an HTTP {@code Range} header, resolved against the entity's size. */
record ByteRange(long offset, long length) {

    long last() {
        return offset + length - 1;
    }

    String contentRange(long size) {
        return "bytes " + offset + "-" + last() + "/" + size;
    }

    /** Thrown for a well-formed range that lies wholly outside the entity: answered with 416. */
    static final class NotSatisfiable extends RuntimeException {
        NotSatisfiable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Empty when there is no header, or one we may ignore and answer with the whole entity (RFC 9110 §14.2):
     * a malformed value, another unit, or several ranges (rarely used for Parquet; readers ask for one range
     * at a time).
     */
    static Optional<ByteRange> parse(String header, long size) {
        if (header == null || !header.regionMatches(true, 0, "bytes=", 0, 6)) {
            return Optional.empty();
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (spec.contains(",") || dash < 0) {
            return Optional.empty();
        }
        String first = spec.substring(0, dash).trim();
        String last = spec.substring(dash + 1).trim();
        try {
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                if (suffix < 0) {
                    return Optional.empty();
                }
                if (suffix == 0 || size == 0) {
                    throw new NotSatisfiable("range " + header + " selects no bytes of a " + size + "-byte file");
                }
                long n = Math.min(suffix, size);
                return Optional.of(new ByteRange(size - n, n));
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? size - 1 : Long.parseLong(last);
            if (start < 0 || end < start && !last.isEmpty()) {
                return Optional.empty();
            }
            if (start >= size) {
                throw new NotSatisfiable("range " + header + " starts beyond the end of a " + size + "-byte file");
            }
            return Optional.of(new ByteRange(start, Math.min(end, size - 1) - start + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
