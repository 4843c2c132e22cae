package io.resultstore.common;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** RFC 3339 UTC rendering with a {@code Z} suffix, as the API prescribes for every timestamp. */
public final class Times {
    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Times() {}

    public static String format(Instant instant) {
        return RFC3339.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
