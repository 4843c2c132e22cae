package io.resultstore.connection;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals connection secrets with AES-GCM under {@code secrets.key}: a fresh 96-bit nonce per secret, the
 * connection id as associated data (a sealed secret copied to another row does not open), the tag checked on
 * every open. Sealed text is {@code v1:} + base64(nonce ‖ ciphertext ‖ tag).
 */
public final class SecretBox {
    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretBox(byte[] key) {
        requireNonNull(key, "key is null");
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("secrets.key must be 16, 24 or 32 bytes, base64-encoded; got "
                    + key.length + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /**
     * The configured key (base64), or else the one in {@code keyFile}, created with a random key (owner-only) on
     * first start. Replicas sharing a catalog must share the key: configure it.
     */
    public static SecretBox load(Optional<String> configured, Path keyFile) throws IOException {
        if (configured.isPresent()) {
            return new SecretBox(decode(configured.get().strip()));
        }
        if (!Files.exists(keyFile)) {
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            Path tmp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh) + "\n");
            try {
                Files.move(tmp, keyFile);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp);
            }
        }
        return new SecretBox(decode(Files.readString(keyFile, StandardCharsets.US_ASCII).strip()));
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("secrets.key must be base64 (e.g. openssl rand -base64 32)");
        }
    }

    public String seal(String secret, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret: " + e.getClass().getSimpleName());
        }
    }

    /** The secret in clear; fails when the key differs from the one that sealed it or the text was altered. */
    public String open(String sealed, String context) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("unknown sealed secret format");
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the connection's secret cannot be opened with this secrets.key");
        }
    }
}
