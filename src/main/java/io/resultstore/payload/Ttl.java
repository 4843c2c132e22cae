package io.resultstore.payload;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.error.ApiException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payload time-to-live as NoETL writes it: {@code "30s" "30m" "1h" "2d" "1w" "1y"}, integer seconds (as a number
 * or a string), or {@code "forever"} (also {@code "permanent"}, {@code "-1"}). Empty means never expires.
 */
public final class Ttl {
    private static final Pattern UNIT = Pattern.compile("(\\d{1,12})\\s*([smhdwy])");
    private static final Pattern SECONDS = Pattern.compile("\\d{1,12}");
    /** Far enough for any real workflow, small enough that now + ttl never overflows. */
    static final Duration MAX = Duration.ofDays(365L * 1000);

    private Ttl() {}

    public static Optional<Duration> parse(JsonNode ttl) {
        if (ttl.isIntegralNumber()) {
            if (ttl.canConvertToLong() && ttl.longValue() == -1) {
                return Optional.empty();
            }
            if (!ttl.canConvertToLong()) {
                throw invalid(ttl.asText());
            }
            return Optional.of(check(ttl.longValue(), ttl.asText()));
        }
        if (!ttl.isTextual()) {
            throw invalid(ttl.toString());
        }
        return parse(ttl.textValue());
    }

    public static Optional<Duration> parse(String text) {
        String s = text.strip().toLowerCase(java.util.Locale.ROOT);
        // NoETL's own server also reads "permanent" and "-1" as never expiring.
        if (s.equals("forever") || s.equals("permanent") || s.equals("-1")) {
            return Optional.empty();
        }
        if (SECONDS.matcher(s).matches()) {
            return Optional.of(check(Long.parseLong(s), text));
        }
        Matcher m = UNIT.matcher(s);
        if (!m.matches()) {
            throw invalid(text);
        }
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3600;
            case "d" -> 86_400;
            case "w" -> 7 * 86_400;
            default -> 365 * 86_400;
        };
        if (n > MAX.toSeconds() / unit) {
            throw invalid(text);
        }
        return Optional.of(check(n * unit, text));
    }

    private static Duration check(long seconds, String text) {
        if (seconds <= 0 || seconds > MAX.toSeconds()) {
            throw invalid(text);
        }
        return Duration.ofSeconds(seconds);
    }

    private static ApiException invalid(String text) {
        return ApiException.badRequest("invalid ttl '" + text
                + "': expected a positive number of seconds, a number with unit s, m, h, d, w or y (e.g. \"30m\"), or \"forever\"");
    }
}
