package io.resultstore.payload;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** How stored payload bytes are encoded; the hash is always over the uncompressed canonical JSON. */
public enum Compression {
    NONE,
    GZIP,
    ZSTD;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Compression fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    byte[] compress(byte[] raw) {
        return switch (this) {
            case NONE -> raw;
            case ZSTD -> Zstd.compress(raw, 3);
            case GZIP -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 4));
                try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                    gz.write(raw);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                yield out.toByteArray();
            }
        };
    }

    /** {@code expectedSize} is the uncompressed length recorded at write time. */
    byte[] decompress(byte[] stored, long expectedSize) throws IOException {
        return switch (this) {
            case NONE -> stored;
            case ZSTD -> {
                try {
                    yield Zstd.decompress(stored, Math.toIntExact(expectedSize));
                } catch (RuntimeException e) {
                    throw new IOException("corrupt zstd payload", e);
                }
            }
            case GZIP -> {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
                    yield in.readAllBytes();
                }
            }
        };
    }
}
