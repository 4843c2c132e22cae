package io.resultstore.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimesTest {
    private static final DateTimeFormatter PATTERN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void writesMillisecondsAlwaysAndAgreesWithThePatternEverywhere() {
        assertThat(Times.format(Instant.parse("2026-12-04T10:00:00Z"))).isEqualTo("2026-12-04T10:00:00.000Z");
        assertThat(Times.format(Instant.parse("2024-02-29T23:59:59.999999999Z"))).isEqualTo("2024-02-29T23:59:59.999Z");
        assertThat(Times.format(Instant.EPOCH.minusNanos(1))).isEqualTo("1969-12-31T23:59:59.999Z");
        assertThat(Times.format(Instant.parse("0001-01-01T00:00:00.007Z"))).isEqualTo("0001-01-01T00:00:00.007Z");
        for (Instant edge : new Instant[] {Instant.parse("+100000-01-01T00:00:00Z"), Instant.parse("-0100-06-01T12:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"),
                Instant.parse("9999-12-31T23:59:59.999Z").plusMillis(1), Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("0000-01-01T00:00:00Z").minusMillis(1)}) {
            assertThat(Times.format(edge)).isEqualTo(PATTERN.format(edge.truncatedTo(ChronoUnit.MILLIS)));
        }
        SplittableRandom random = new SplittableRandom(42);
        long from = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long until = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(from, until), random.nextInt(1_000_000_000));
            assertThat(Times.format(t)).isEqualTo(PATTERN.format(t.truncatedTo(ChronoUnit.MILLIS)));
        }
    }
}
