package io.resultstore.dataset;

import static java.util.Objects.requireNonNull;

import io.resultstore.common.Hashing;
import io.resultstore.common.Ids;
import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import io.resultstore.storage.BlobStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Receives uploads: the body is streamed to a local staging file (never held in memory) while its size is
 * counted against {@code files.max_bytes} and its SHA-256 computed, then published to blob storage so that any
 * replica can turn it into a dataset. The format comes from the {@code Content-Type} or, for a generic one,
 * from the first bytes.
 */
public final class UploadService {
    private static final int BUFFER = 64 * 1024;

    private final UploadRepository uploads;
    private final BlobStorage storage;
    private final Path staging;
    private final Clock clock;
    private final long maxBytes;
    private final Duration ttl;

    public UploadService(UploadRepository uploads, BlobStorage storage, Path staging, Clock clock, long maxBytes,
            Duration ttl) {
        this.uploads = requireNonNull(uploads, "uploads is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.staging = requireNonNull(staging, "staging is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.maxBytes = maxBytes;
        this.ttl = requireNonNull(ttl, "ttl is null");
    }

    public Upload receive(InputStream body, Optional<String> contentType, long declaredLength) throws IOException {
        if (declaredLength > maxBytes) {
            throw tooLarge();
        }
        String id = Ids.newId(Ids.UPLOAD, clock);
        Path file = staging.resolve(id + ".upload");
        MessageDigest sha = Hashing.sha256();
        byte[] head = new byte[BUFFER];
        int headLength = 0;
        long size = 0;
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buf = new byte[BUFFER];
                int n;
                while ((n = body.read(buf)) > 0) {
                    size += n;
                    if (size > maxBytes) {
                        throw tooLarge();
                    }
                    if (headLength < head.length) {
                        int k = Math.min(n, head.length - headLength);
                        System.arraycopy(buf, 0, head, headLength, k);
                        headLength += k;
                    }
                    sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            if (size == 0) {
                throw ApiException.badRequest("the upload is empty: send the file as the request body");
            }
            FileFormat format = contentType.flatMap(FileFormat::fromContentType)
                    .orElse(FileFormat.sniff(head, headLength));
            String key = Upload.storageKeyFor(id);
            storage.publish(file, key);
            var now = clock.instant();
            Upload upload = new Upload(id, size, HexFormat.of().formatHex(sha.digest()), format.contentType(), key,
                    now, now.plus(ttl));
            try {
                uploads.insert(upload);
            } catch (RuntimeException e) {
                storage.delete(key);
                throw e;
            }
            return upload;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The upload, 400 for a malformed id, 404 when unknown or expired. */
    public Upload require(String id) {
        if (!Ids.isValid(Ids.UPLOAD, id)) {
            throw ApiException.badRequest("invalid upload id: expected 'upld' followed by 26 characters [0-9a-z]");
        }
        return uploads.find(id).filter(u -> u.expiresAt().isAfter(clock.instant()))
                .orElseThrow(() -> ApiException.notFound("upload " + id + " not found (unused uploads expire after "
                        + ttl.toString().substring(2).toLowerCase(java.util.Locale.ROOT) + ")"));
    }

    /** Removes expired uploads and queues their blobs; returns how many went. */
    public int sweepExpired(int limit) {
        int removed = 0;
        var now = clock.instant();
        for (String id : uploads.expired(now, limit)) {
            if (uploads.remove(id, now)) {
                removed++;
            }
        }
        return removed;
    }

    private ApiException tooLarge() {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                "upload is larger than files.max_bytes (" + maxBytes + " bytes)");
    }
}
