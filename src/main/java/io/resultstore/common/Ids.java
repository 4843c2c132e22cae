package io.resultstore.common;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * Ids of the form {@code <prefix>} + 26 chars of {@code [0-9a-z]}: 10 chars of milliseconds (so ids sort by
 * creation time) followed by 16 random chars (~82 bits, so replicas never collide).
 */
public final class Ids {
    public static final String RESULT = "rslt";
    public static final String QUERY_RUN = "qrun";
    public static final String UPLOAD = "upld";
    public static final String DATASET = "data";
    public static final String CONNECTION = "conn";
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern BODY = Pattern.compile("[0-9a-z]{26}");

    private Ids() {}

    public static String newId(String prefix, Clock clock) {
        char[] out = new char[26];
        long millis = clock.millis();
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (millis % 36)];
            millis /= 36;
        }
        for (int i = 10; i < 26; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(36)];
        }
        return prefix + new String(out);
    }

    /** True when {@code id} is a well-formed id with that prefix; anything else must never reach a path or query. */
    public static boolean isValid(String prefix, String id) {
        return id != null && id.length() == prefix.length() + 26 && id.startsWith(prefix)
                && BODY.matcher(id).region(prefix.length(), id.length()).matches();
    }
}
