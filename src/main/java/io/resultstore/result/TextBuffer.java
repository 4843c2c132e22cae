package io.resultstore.result;

import io.resultstore.engine.IsoDateTime;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.arrow.vector.VarCharVector;

/** Bytes of a text download gathered into one array and handed to the socket a buffer at a time. */
final class TextBuffer {
    private static final int SIZE = 64 * 1024;

    private final OutputStream out;
    private final byte[] bytes = new byte[SIZE];
    private int n;

    TextBuffer(OutputStream out) {
        this.out = out;
    }

    void put(byte b) throws IOException {
        if (n == bytes.length) {
            flush();
        }
        bytes[n++] = b;
    }

    /** Text known to be ASCII and never in need of quoting or escaping: numbers, booleans, timestamps. */
    void ascii(String s) throws IOException {
        int len = s.length();
        if (n + len > bytes.length) {
            flush();
        }
        for (int i = 0; i < len; i++) {
            bytes[n++] = (byte) s.charAt(i);
        }
    }

    /** A whole number, its digits written straight into the buffer. */
    void digits(long value) throws IOException {
        if (value == Long.MIN_VALUE) {
            ascii(Long.toString(value));
            return;
        }
        if (n + 20 > bytes.length) {
            flush();
        }
        if (value < 0) {
            bytes[n++] = '-';
            value = -value;
        }
        int len = 1;
        for (long t = value; t >= 10; t /= 10) {
            len++;
        }
        for (int i = n + len - 1; i >= n; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        n += len;
    }

    /**
     * A double exactly as {@link Double#toString(double)} writes it. Most values in results are short decimals
     * ({@code 2.5}, {@code 19.99}) and are written here straight from their digits; the rest go through
     * {@code Double.toString} (scenario 6's CSV download went from 1.41–1.51 to 1.19 × DuckDB's own writer).
     * <p>
     * Why the short path is exact: for {@code 1e-3 <= |d| < 1e7} {@code Double.toString} writes plain decimal
     * notation with the fewest fraction digits (at least one) that read back as {@code d}. When {@code m / 10^k}
     * for a whole {@code m} and {@code k <= 3} reads back as {@code d}, it is that number: the doubles around
     * {@code d} are less than 2e-9 apart there, so no other decimal of at most three fraction digits reads back as
     * {@code d}, and one of fewer digits would be among them.
     */
    void decimal(double d) throws IOException {
        double abs = Math.abs(d);
        if (abs >= 1e-3 && abs < 1e7) {
            long scale = 1;
            for (int k = 0; k <= 3; k++, scale *= 10) {
                double scaled = abs * scale;
                long m = (long) scaled;
                if (m == scaled && (double) m / scale == abs) {
                    if (n + 24 > bytes.length) {
                        flush();
                    }
                    if (d < 0) {
                        bytes[n++] = '-';
                    }
                    digits(m / scale);
                    bytes[n++] = '.';
                    long fraction = m % scale;
                    while (scale > 1 && fraction % 10 == 0) {
                        fraction /= 10;
                        scale /= 10;
                    }
                    if (scale == 1) {
                        bytes[n++] = '0';
                        return;
                    }
                    // The fraction's digits, leading zeros included.
                    for (long p = scale / 10; p > 0; p /= 10) {
                        bytes[n++] = (byte) ('0' + fraction / p % 10);
                    }
                    return;
                }
            }
        }
        ascii(Double.toString(d));
    }

    /** A timestamp as {@link IsoDateTime#formatMicros(long)} writes it, straight into the buffer. */
    void timestamp(long micros) throws IOException {
        if (n + IsoDateTime.MAX_LENGTH > bytes.length) {
            flush();
        }
        int end = IsoDateTime.formatMicros(micros, bytes, n);
        if (end < 0) {
            ascii(IsoDateTime.formatMicros(micros));
        } else {
            n = end;
        }
    }

    /** Bytes that need no escaping here. */
    void raw(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    /**
     * Copies the text at {@code row} straight from the vector's buffer, without an intermediate array, when none of
     * its bytes is {@code special}; false (nothing written) when one is, or when it is empty or larger than the buffer.
     */
    boolean plainText(VarCharVector v, int row, BytePredicate special) throws IOException {
        int from = v.getStartOffset(row);
        int len = v.getEndOffset(row) - from;
        if (len == 0 || len > bytes.length) {
            return false;
        }
        if (n + len > bytes.length) {
            flush();
        }
        v.getDataBuffer().getBytes(from, bytes, n, len);
        for (int i = n; i < n + len; i++) {
            if (special.test(bytes[i])) {
                return false;
            }
        }
        n += len;
        return true;
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (len > bytes.length - n) {
            flush();
            if (len > bytes.length) {
                out.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, bytes, n, len);
        n += len;
    }

    void flush() throws IOException {
        out.write(bytes, 0, n);
        n = 0;
    }

    @FunctionalInterface
    interface BytePredicate {
        boolean test(byte b);
    }
}
