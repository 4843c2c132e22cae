package io.resultstore.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** The configured {@code auth.tokens}, compared in constant time whichever protocol carries them. */
public final class AuthTokens {
    private final List<byte[]> tokens;

    public AuthTokens(List<String> tokens) {
        this.tokens = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** No tokens configured: every caller is let in. */
    public boolean required() {
        return !tokens.isEmpty();
    }

    /** Whether an {@code Authorization} header value carries a valid bearer token. */
    public boolean acceptsBearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return accepts(header.substring(7).trim());
    }

    public boolean accepts(String token) {
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (byte[] t : tokens) {
            ok |= MessageDigest.isEqual(t, given);
        }
        return ok;
    }
}
