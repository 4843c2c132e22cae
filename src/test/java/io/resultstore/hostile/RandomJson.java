package io.resultstore.hostile;

import java.util.List;
import java.util.Random;

/**
 * Random JSON text for the fuzzer: mostly valid documents (the right fields with the wrong types, huge and odd
 * numbers, deep nesting, every kind of unicode), some broken ones. Written as text, not through a JSON library,
 * so that it can hold what a library would refuse to write (unpaired surrogates, duplicate keys, {@code 1e400}).
 */
final class RandomJson {
    static final List<String> NUMBERS = List.of("0", "-0", "1", "-1", "0.5", "1e3", "1E+400", "-1e-400",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "99999999999999999999999999",
            "2147483647", "2147483648", "4294967296", "1.7976931348623157e309", "3.14159", "100", "0.0000001",
            "123456789012345678901234567890.5", "1" + "0".repeat(400));
    static final List<String> STRINGS = List.of("", " ", "a", "step_a", "..", ".", "/", "a/b", "../../etc/passwd",
            "\\u0000", "a\\u0000b", "\\ud800", "\\udc00x", "\\ud83d\\ude00", "😀", "é", "\\u00e9", "日本語", "\\n", "\\t",
            "\\\"", "\\\\", "%00", "%2e%2e", "NaN", "Infinity", "null", "true", "1h", "30s", "forever", "-1", "1y",
            "99999999999999y", "execution", "step", "workflow", "permanent", "db", "disk", "s3", "object", "csv",
            "parquet", "\\u202e", "\\ufeff", "\\uffff", "x".repeat(600), "ｓｔｅｐ", "' OR 1=1 --", "<script>");

    private final Random random;

    RandomJson(Random random) {
        this.random = random;
    }

    String pick(List<String> from) {
        return from.get(random.nextInt(from.size()));
    }

    String string() {
        return "\"" + pick(STRINGS) + "\"";
    }

    /** Any JSON value, nested at most {@code depth} levels. */
    String value(int depth) {
        int kind = random.nextInt(depth <= 0 ? 5 : 8);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> pick(NUMBERS);
            case 3, 4 -> string();
            case 5 -> array(depth - 1);
            case 6, 7 -> object(depth - 1);
            default -> throw new IllegalStateException();
        };
    }

    String array(int depth) {
        StringBuilder sb = new StringBuilder("[");
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append(value(depth));
        }
        return sb.append(']').toString();
    }

    String object(int depth) {
        StringBuilder sb = new StringBuilder("{");
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append(string()).append(':').append(value(depth));
        }
        return sb.append('}').toString();
    }

    /** Arrays or objects nested {@code levels} deep, around the parser's limits. */
    String deep(int levels) {
        boolean arrays = random.nextBoolean();
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        return open.repeat(levels) + "1" + close.repeat(levels);
    }

    /** An object with these fields, each given its proper value or, often, a random one of any type. */
    String objectWith(List<String> fields, List<String> properValues) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (int i = 0; i < fields.size(); i++) {
            if (random.nextInt(4) == 0) {
                continue;
            }
            String v = random.nextInt(3) == 0 ? value(3) : properValues.get(i);
            sb.append(first ? "" : ",").append('"').append(fields.get(i)).append("\":").append(v);
            first = false;
        }
        if (random.nextInt(8) == 0) {
            sb.append(first ? "" : ",").append(string()).append(':').append(value(2));
        }
        return sb.append('}').toString();
    }

    /** Valid JSON most of the time; else truncated, with trailing bytes, or not JSON at all. */
    String mangle(String json) {
        return switch (random.nextInt(12)) {
            case 0 -> json.substring(0, random.nextInt(json.length() + 1));
            case 1 -> json + pick(List.of("x", "}", ",", " {}", "\u0000"));
            case 2 -> pick(List.of("", " ", "null", "[]", "\"sql\"", "{", "}", "{\"sql\" \"x\"}", "{'sql': 1}",
                    "{\"a\":1,}", "NaN", "[1,2", "\u00ff\u00fe"));
            case 3 -> deep(random.nextInt(3) == 0 ? 100_000 : 500 + random.nextInt(1_000));
            default -> json;
        };
    }
}
