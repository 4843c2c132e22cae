package io.resultstore.engine;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Formats microseconds since the epoch exactly as {@link DateTimeFormatter#ISO_LOCAL_DATE_TIME} does, without
 * building a {@code LocalDateTime} or going through the formatter: for large inline answers the formatter was
 * the most expensive part of a timestamp column. Years outside 0..9999 (signed, wider output) are left to it.
 * DuckDB's {@code infinity} and {@code -infinity} are the largest and smallest microsecond counts and come out as
 * the dates those counts are ({@code +294247-01-10T04:00:54.775807}, {@code -290308-12-21T19:59:05.224193}):
 * API.md promises ISO-8601 strings for every timestamp, and these sort where the infinities sort.
 */
public final class IsoDateTime {
    /** The longest text of a year in 0..9999: {@code 2024-01-01T00:00:00.000001}. */
    public static final int MAX_LENGTH = 26;
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    /** 0000-01-01 and 10000-01-01 in days since the epoch. */
    private static final long MIN_DAY = -719_528;
    private static final long MAX_DAY = 2_932_897;

    private IsoDateTime() {}

    public static String formatMicros(long micros) {
        byte[] out = new byte[MAX_LENGTH];
        int end = formatMicros(micros, out, 0);
        if (end < 0) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofEpochSecond(
                    Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC));
        }
        return new String(out, 0, end, StandardCharsets.ISO_8859_1);
    }

    /**
     * The same text as ASCII bytes written into {@code out} at {@code at} (room for {@link #MAX_LENGTH} needed):
     * the end of what was written, or -1 (nothing written) for a year outside 0..9999, which only
     * {@link #formatMicros(long)} formats.
     */
    public static int formatMicros(long micros, byte[] out, int at) {
        long day = Math.floorDiv(micros, MICROS_PER_DAY);
        if (day < MIN_DAY || day >= MAX_DAY) {
            return -1;
        }
        long micrOfDay = Math.floorMod(micros, MICROS_PER_DAY);
        int n = date(day, out, at);
        out[n++] = 'T';
        long secOfDay = micrOfDay / 1_000_000;
        n = two(out, n, (int) (secOfDay / 3600));
        out[n++] = ':';
        n = two(out, n, (int) (secOfDay / 60 % 60));
        out[n++] = ':';
        n = two(out, n, (int) (secOfDay % 60));
        int fraction = (int) (micrOfDay % 1_000_000);
        if (fraction != 0) {
            // The formatter prints the fraction without trailing zeros: .5, .123, .000001.
            out[n++] = '.';
            int digits = 6;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            for (int i = n + digits - 1; i >= n; i--) {
                out[i] = (byte) ('0' + fraction % 10);
                fraction /= 10;
            }
            n += digits;
        }
        return n;
    }

    /** Civil date from days since 1970-01-01 (H. Hinnant's algorithm, as in {@code LocalDate.ofEpochDay}). */
    private static int date(long epochDay, byte[] out, int at) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int d = (int) (doy - (153 * mp + 2) / 5 + 1);
        int m = (int) (mp < 10 ? mp + 3 : mp - 9);
        int y = (int) (yoe + era * 400 + (m <= 2 ? 1 : 0));
        int n = two(out, at, y / 100);
        n = two(out, n, y % 100);
        out[n++] = '-';
        n = two(out, n, m);
        out[n++] = '-';
        return two(out, n, d);
    }

    private static int two(byte[] out, int at, int v) {
        out[at] = (byte) ('0' + v / 10);
        out[at + 1] = (byte) ('0' + v % 10);
        return at + 2;
    }
}
