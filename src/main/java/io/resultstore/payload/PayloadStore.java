package io.resultstore.payload;

import static java.util.Objects.requireNonNull;

import io.resultstore.common.Hashing;
import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import io.resultstore.storage.BlobDeletionQueue;
import io.resultstore.storage.BlobStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where payload bytes live: inline in the catalog ({@code db}) up to {@code inlineMaxBytes}, in blob storage
 * ({@code disk} or {@code s3}, whichever the server has) above, optionally compressed. Every read is checked
 * against the SHA-256 taken at write time.
 */
public final class PayloadStore {
    private static final Logger log = LoggerFactory.getLogger(PayloadStore.class);
    public static final String DB = "db";
    /** Far longer than writing one blob takes: a blob still without its row this long after was orphaned. */
    static final Duration UNCLAIMED_BLOB_GRACE = Duration.ofHours(1);

    private final BlobStorage storage;
    private final BlobDeletionQueue deletions;
    private final Clock clock;
    private final long inlineMaxBytes;
    private final Compression configured;
    private final String blobTier;

    public PayloadStore(BlobStorage storage, BlobDeletionQueue deletions, Clock clock, long inlineMaxBytes,
            Compression configured) {
        this.storage = requireNonNull(storage, "storage is null");
        this.deletions = requireNonNull(deletions, "deletions is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.inlineMaxBytes = inlineMaxBytes;
        this.configured = requireNonNull(configured, "configured is null");
        this.blobTier = "s3".equals(storage.type()) ? "s3" : "disk";
    }

    /** Where a write went; {@code inline} for {@code db}, {@code blobKey} otherwise. */
    public record Placement(String store, Compression compression, long storedBytes, Optional<byte[]> inline,
            Optional<String> blobKey) {}

    /** Checks a requested tier before anything is written: a tier this server cannot honour is the caller's error. */
    public String chooseTier(Optional<String> requested, long bytes) {
        if (requested.isEmpty()) {
            return bytes <= inlineMaxBytes ? DB : blobTier;
        }
        String r = requested.get();
        if (r.equals(DB)) {
            if (bytes > inlineMaxBytes) {
                throw ApiException.badRequest("store 'db' holds payloads up to " + inlineMaxBytes
                        + " bytes (payloads.inline_max_bytes); this one has " + bytes);
            }
            return DB;
        }
        if (r.equals(blobTier) || r.equals("object")) {
            return blobTier;
        }
        throw ApiException.badRequest("store '" + r + "' is not available on this server: use 'db' or '" + blobTier + "'");
    }

    /** Compresses as asked and, for a blob tier, writes the blob. */
    public Placement place(String tier, String executionId, long id, byte[] canonical, boolean compress)
            throws IOException {
        Compression codec = configured != Compression.NONE ? configured : compress ? Compression.ZSTD : Compression.NONE;
        byte[] stored = codec.compress(canonical);
        if (stored.length >= canonical.length) {
            // Compression that does not shrink the payload only costs time on every read.
            codec = Compression.NONE;
            stored = canonical;
        }
        if (tier.equals(DB)) {
            return new Placement(DB, codec, stored.length, Optional.of(stored), Optional.empty());
        }
        String key = blobKey(executionId, id);
        // Should this server die between writing the blob and inserting its row, the blob would belong to nobody:
        // its deletion is queued first, and the insert of its row takes it off the queue in the same transaction.
        deletions.enqueue(key, clock.instant().plus(UNCLAIMED_BLOB_GRACE));
        try {
            storage.put(key, stored);
        } catch (NoSuchFileException e) {
            // The execution's folder was removed with its last blob just now; putting again recreates it.
            storage.put(key, stored);
        }
        return new Placement(tier, codec, stored.length, Optional.empty(), Optional.of(key));
    }

    /** The canonical JSON of a readable payload, verified against its hash. */
    public byte[] read(StoredPayload stored) {
        Payload p = stored.payload();
        byte[] bytes;
        try {
            bytes = stored.inline().isPresent() ? stored.inline().get() : readBlob(p);
        } catch (NoSuchFileException e) {
            log.error("payload {} lost its blob {}", p.id(), p.blobKey().orElse("-"));
            throw new ApiException(ErrorCode.INTERNAL, "payload " + p.id() + " data is missing from storage");
        } catch (IOException e) {
            throw ApiException.unavailable("payload storage unavailable, retry later", e);
        }
        byte[] raw;
        try {
            raw = p.compression().decompress(bytes, p.bytes());
        } catch (IOException | RuntimeException e) {
            log.error("payload {} does not decompress as {}: {}", p.id(), p.compression().wire(), e.toString());
            throw integrityFailure(p);
        }
        String sha = Hashing.sha256Hex(raw);
        if (raw.length != p.bytes() || !sha.equals(p.sha256())) {
            log.error("payload {} failed its integrity check: sha256 {} bytes {}, expected {} bytes {}", p.id(), sha,
                    raw.length, p.sha256(), p.bytes());
            throw integrityFailure(p);
        }
        return raw;
    }

    private static ApiException integrityFailure(Payload p) {
        return new ApiException(ErrorCode.INTERNAL, "payload " + p.id() + " failed its integrity check");
    }

    private byte[] readBlob(Payload p) throws IOException {
        String key = p.blobKey().orElseThrow(() -> new NoSuchFileException("payload " + p.id() + " has no data"));
        try (InputStream in = storage.open(key)) {
            return in.readAllBytes();
        }
    }

    /** Best effort: a blob that stays behind is still queued for deletion by the catalog. */
    public void deleteBlobs(List<String> keys) {
        for (String key : keys) {
            try {
                storage.delete(key);
            } catch (IOException | RuntimeException e) {
                log.warn("payload blob {} not deleted yet, left to the deletion queue: {}", key, e.toString());
            }
        }
    }

    /**
     * {@code payloads/<execution_id>/<id>-<random>}; execution ids that could read as path tricks share one folder.
     * The random part keeps two replicas that were given the same {@code node.id} (and so may mint the same id)
     * from writing over each other's object before the catalog refuses the second row: the loser then removes
     * only its own object. Readers take the key from the catalog, so older keys without it stay readable.
     */
    static String blobKey(String executionId, long id) {
        String folder = executionId.contains("..") || executionId.equals(".") ? "_" : executionId;
        return "payloads/" + folder + "/" + id + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    }
}
