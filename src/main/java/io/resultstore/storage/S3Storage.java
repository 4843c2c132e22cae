package io.resultstore.storage;

import static java.util.Objects.requireNonNull;

import io.resultstore.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Blobs as objects in one S3 bucket under an optional prefix. An object appears only when its single PUT or
 * its multipart upload completes, so a reader never sees half a file; a failed multipart upload is aborted so
 * that no parts are left behind. The engine reads through a bounded local {@link BlobCache}.
 */
public final class S3Storage implements BlobStorage {
    /** Files above this go up in parts of this size: bounded memory, and retries resend one part only. */
    static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final BlobCache cache;
    private final S3Uploads uploads;

    public S3Storage(S3Client s3, String bucket, String prefix, BlobCache cache, long partSize) {
        this.s3 = requireNonNull(s3, "s3 is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
        this.prefix = normalizePrefix(requireNonNull(prefix, "prefix is null"));
        this.cache = requireNonNull(cache, "cache is null");
        this.uploads = new S3Uploads(s3, bucket, partSize);
    }

    /** Builds the client from config: custom endpoint and path-style for S3-compatible servers (MinIO, Ceph…). */
    public static S3Storage create(Config.StorageSettings settings, Path cacheDir) throws IOException {
        AwsCredentialsProvider credentials = settings.accessKey().isPresent() && settings.secretKey().isPresent()
                ? StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKey().get(), settings.secretKey().get()))
                : DefaultCredentialsProvider.builder().build();
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(java.time.Duration.ofSeconds(5))
                        .socketTimeout(java.time.Duration.ofSeconds(60)))
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build())
                // S3-compatible servers do not all understand the SDK's newer default checksum headers.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(e -> builder.endpointOverride(URI.create(e)));
        S3Client client = builder.build();
        try {
            return new S3Storage(client, settings.bucket(), settings.prefix(),
                    new BlobCache(cacheDir, settings.cacheMaxBytes()), DEFAULT_PART_SIZE);
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    S3Client client() {
        return s3;
    }

    public Path cacheDir() {
        return cache.dir();
    }

    @Override
    public String type() {
        return "s3";
    }

    @Override
    public long publish(Path localFile, String key) throws IOException {
        String objectKey = objectKey(key);
        long size = Files.size(localFile);
        try {
            uploads.upload(localFile, size, objectKey);
        } catch (SdkException e) {
            throw io("upload of " + key, e);
        }
        // This server will most likely read the result next: keep the bytes instead of downloading them again.
        cache.adopt(key, localFile);
        return size;
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(objectKey(key)).contentLength((long) bytes.length),
                    RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw io("upload of " + key, e);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        Optional<Path> cached = cache.lookup(key);
        if (cached.isPresent()) {
            return Files.newInputStream(cached.get());
        }
        try {
            return s3.getObject(b -> b.bucket(bucket).key(objectKey(key)));
        } catch (SdkException e) {
            throw translate(key, e);
        }
    }

    @Override
    public InputStream openRange(String key, long offset, long length) throws IOException {
        Optional<Path> cached = cache.lookup(key);
        if (cached.isPresent()) {
            var channel = java.nio.channels.FileChannel.open(cached.get());
            channel.position(offset);
            return new BoundedInputStream(java.nio.channels.Channels.newInputStream(channel), length);
        }
        if (length <= 0) {
            size(key).orElseThrow(() -> new NoSuchFileException(key));
            return InputStream.nullInputStream();
        }
        try {
            return s3.getObject(b -> b.bucket(bucket).key(objectKey(key))
                    .range("bytes=" + offset + "-" + (offset + length - 1)));
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                return InputStream.nullInputStream(); // offset at or past the end: nothing left to read
            }
            throw translate(key, e);
        } catch (SdkException e) {
            throw translate(key, e);
        }
    }

    @Override
    public Optional<Long> size(String key) throws IOException {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(objectKey(key))).contentLength());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw io("size of " + key, e);
        } catch (SdkException e) {
            throw io("size of " + key, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        cache.evict(key);
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(objectKey(key)));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw io("delete of " + key, e);
            }
        } catch (SdkException e) {
            throw io("delete of " + key, e);
        }
    }

    /**
     * Other replicas may delete the object while this cache still holds a copy; the catalog, checked before
     * every read, is what decides whether a result may still be read.
     */
    @Override
    public Path localPath(String key) throws IOException {
        return cache.get(key, (k, target) -> {
            try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(objectKey(k)))) {
                Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (SdkException e) {
                throw translate(k, e);
            }
        });
    }

    @Override
    public void ping() throws IOException {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (SdkException e) {
            throw io("bucket " + bucket, e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    String objectKey(String key) {
        return prefix + BlobStorage.checkKey(key);
    }

    private static String normalizePrefix(String prefix) {
        String p = prefix.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }

    private static IOException translate(String key, SdkException e) {
        if (e instanceof NoSuchKeyException || (e instanceof S3Exception s && s.statusCode() == 404)) {
            NoSuchFileException missing = new NoSuchFileException(key);
            missing.initCause(e);
            return missing;
        }
        return io("read of " + key, e);
    }

    private static IOException io(String what, SdkException e) {
        return new IOException("S3 " + what + " failed: " + e.getMessage(), e);
    }
}
