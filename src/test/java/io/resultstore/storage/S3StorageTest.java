package io.resultstore.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resultstore.config.ConfigLoader;
import io.resultstore.testing.S3Server;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** S3Storage against a real S3 API server (S3Proxy), with signatures checked. */
class S3StorageTest {
    static final long PART = 5L * 1024 * 1024;

    @TempDir
    Path dir;
    String bucket;
    S3Storage storage;

    @BeforeEach
    void open() throws IOException {
        bucket = S3Server.newBucket();
        storage = S3Storage.create(settings(bucket, "tenant-a"), dir.resolve("cache"));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    static io.resultstore.config.Config.StorageSettings settings(String bucket, String prefix) {
        Map<String, String> m = new HashMap<>(S3Server.settings(bucket));
        m.put("storage.prefix", prefix);
        return ConfigLoader.fromMap(m).storage();
    }

    @Test
    void putOpenRangeSizeAndDeleteUnderThePrefix() throws IOException {
        storage.put("payloads/1/data.json", "hello world".getBytes());
        assertThat(S3Server.keys(bucket)).containsExactly("tenant-a/payloads/1/data.json");
        try (InputStream in = storage.open("payloads/1/data.json")) {
            assertThat(new String(in.readAllBytes())).isEqualTo("hello world");
        }
        try (InputStream in = storage.openRange("payloads/1/data.json", 6, 100)) {
            assertThat(new String(in.readAllBytes())).isEqualTo("world");
        }
        try (InputStream in = storage.openRange("payloads/1/data.json", 0, 5)) {
            assertThat(new String(in.readAllBytes())).isEqualTo("hello");
        }
        assertThat(storage.size("payloads/1/data.json")).contains(11L);
        assertThat(storage.size("payloads/2/data.json")).isEmpty();

        storage.delete("payloads/1/data.json");
        storage.delete("payloads/1/data.json");
        assertThat(S3Server.keys(bucket)).isEmpty();
        assertThatThrownBy(() -> storage.open("payloads/1/data.json")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> storage.localPath("payloads/1/data.json")).isInstanceOf(NoSuchFileException.class);
        storage.ping();
    }

    @Test
    void aLargeFileIsUploadedInPartsAndReadBackWhole() throws IOException {
        byte[] data = randomBytes((int) (2 * PART + 12345));
        Path file = Files.write(dir.resolve("big.parquet"), data);
        try (S3Storage small = partsOf(PART, S3Server.newBucket(), new AtomicInteger(-1))) {
            assertThat(small.publish(file, "results/r1/data.parquet")).isEqualTo(data.length);
            assertThat(file).doesNotExist();
            assertThat(small.size("results/r1/data.parquet")).contains((long) data.length);
            try (InputStream in = small.openRange("results/r1/data.parquet", PART - 3, 6)) {
                assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, (int) PART - 3, (int) PART + 3));
            }
        }
    }

    @Test
    void aFailedMultipartUploadLeavesNoObjectAndNoParts() throws IOException {
        String own = S3Server.newBucket();
        Path file = Files.write(dir.resolve("big.parquet"), randomBytes((int) (2 * PART + 1)));
        try (S3Storage failing = partsOf(PART, own, new AtomicInteger(2))) {
            assertThatThrownBy(() -> failing.publish(file, "results/r1/data.parquet"))
                    .isInstanceOf(IOException.class).hasMessageContaining("injected part failure");
        }
        assertThat(S3Server.keys(own)).isEmpty();
        assertThat(S3Server.openUploads(own)).isZero();
    }

    @Test
    void theEngineReadsALocalCopyThatIsDownloadedOnceAndDroppedOnDelete() throws IOException {
        storage.put("results/r1/data.parquet", "abc".getBytes());
        Path local = storage.localPath("results/r1/data.parquet");
        assertThat(local).startsWith(storage.cacheDir()).hasContent("abc");
        assertThat(storage.localPath("results/r1/data.parquet")).isEqualTo(local);
        storage.delete("results/r1/data.parquet");
        assertThat(local).doesNotExist();
    }

    @Test
    void aPublishedFileIsReadFromTheCacheWithoutADownload() throws IOException {
        Path file = Files.writeString(dir.resolve("r.parquet"), "local bytes");
        storage.publish(file, "results/r2/data.parquet");
        Path local = storage.localPath("results/r2/data.parquet");
        assertThat(local).startsWith(storage.cacheDir()).hasContent("local bytes");
        assertThat(S3Server.keys(bucket)).containsExactly("tenant-a/results/r2/data.parquet");
    }

    /** A storage with a small part size whose {@code failPart}-th part upload fails (never when negative). */
    private S3Storage partsOf(long partSize, String bucketName, AtomicInteger failPart) throws IOException {
        S3Storage real = S3Storage.create(settings(bucketName, ""), dir.resolve("cache-" + bucketName));
        S3Client client = real.client();
        AtomicInteger parts = new AtomicInteger();
        S3Client faulty = (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(),
                new Class<?>[] {S3Client.class}, (proxy, method, args) -> {
                    if (method.getName().equals("uploadPart") && parts.incrementAndGet() == failPart.get()) {
                        throw software.amazon.awssdk.core.exception.SdkClientException.create("injected part failure");
                    }
                    try {
                        return method.invoke(client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return new S3Storage(faulty, bucketName, "", new BlobCache(dir.resolve("cache2-" + bucketName), 1 << 30),
                partSize);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        return b;
    }
}
