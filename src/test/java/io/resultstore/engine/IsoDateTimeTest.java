package io.resultstore.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IsoDateTimeTest {
    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00", "2024-01-01T00:00:01", "2024-02-29T23:59:59.5", "1969-12-31T23:59:59.999999",
            "0000-01-01T00:00", "9999-12-31T23:59:59.999999", "1900-03-01T12:00:00.000001", "2000-02-29T01:02:03.12",
            "1582-10-04T00:00:00.123456", "0001-12-31T23:00:00.1"})
    void formatsLikeTheIsoFormatter(String text) {
        LocalDateTime t = LocalDateTime.parse(text);
        assertThat(IsoDateTime.formatMicros(micros(t))).isEqualTo(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t));
    }

    @Test
    void yearsBeyondFourDigitsAreSignedAsTheFormatterSignsThem() {
        LocalDateTime late = LocalDateTime.parse("+10000-01-01T00:00:00");
        LocalDateTime early = LocalDateTime.parse("-0001-12-31T23:59:59.5");
        assertThat(IsoDateTime.formatMicros(micros(late))).isEqualTo("+10000-01-01T00:00:00");
        assertThat(IsoDateTime.formatMicros(micros(early))).isEqualTo("-0001-12-31T23:59:59.5");
    }

    @Test
    void infinitiesAreTheDatesTheirCountsAreWithTheirSigns() {
        assertThat(IsoDateTime.formatMicros(Long.MAX_VALUE)).isEqualTo("+294247-01-10T04:00:54.775807");
        assertThat(IsoDateTime.formatMicros(-Long.MAX_VALUE)).isEqualTo("-290308-12-21T19:59:05.224193");
    }

    @Test
    void agreesWithTheFormatterOnRandomInstants() {
        Random random = new Random(42);
        long min = micros(LocalDateTime.parse("0000-01-01T00:00"));
        long max = micros(LocalDateTime.parse("9999-12-31T23:59:59.999999"));
        for (int i = 0; i < 200_000; i++) {
            long micros = random.nextLong(min, max);
            if (i % 3 == 0) {
                micros -= Math.floorMod(micros, 1_000_000L); // whole seconds: no fraction at all
            }
            LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
            assertThat(IsoDateTime.formatMicros(micros)).isEqualTo(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t));
        }
    }

    private static long micros(LocalDateTime t) {
        return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
    }
}
