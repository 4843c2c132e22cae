package io.resultstore.testing;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One real S3 API server (S3Proxy over an in-memory store) per test JVM on a free loopback port, with
 * signature checking on; each caller gets a fresh bucket.
 */
public final class S3Server {
    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret";
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3Proxy proxy;
    private static BlobStore store;

    private S3Server() {}

    public static synchronized String endpoint() {
        if (proxy == null) {
            store = new TransientNio2BlobStore();
            S3Proxy p = S3Proxy.builder()
                    .blobStore(store)
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            try {
                p.start();
                while (!"STARTED".equals(p.getState())) {
                    Thread.sleep(10);
                }
            } catch (Exception e) {
                throw new IllegalStateException("S3Proxy did not start", e);
            }
            proxy = p;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    p.stop();
                } catch (Exception ignored) {
                    // the JVM is going away anyway
                }
            }, "s3proxy-stop"));
        }
        return "http://127.0.0.1:" + proxy.getPort();
    }

    /** Creates a new, empty bucket and returns its name. */
    public static synchronized String newBucket() {
        endpoint();
        String name = "bucket-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
        store.createContainer(name);
        return name;
    }

    /** Every object key in {@code bucket}, straight from the server. */
    public static synchronized List<String> keys(String bucket) {
        return store.list(ListObjectsV2Request.builder().bucket(bucket).build()).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    /** Multipart uploads started and neither completed nor aborted. */
    public static synchronized int openUploads(String bucket) {
        return store.listMultipartUploads(bucket).size();
    }

    /** The settings that point a server at {@code bucket}. */
    public static Map<String, String> settings(String bucket) {
        return Map.of(
                "storage.type", "s3",
                "storage.bucket", bucket,
                "storage.endpoint", endpoint(),
                "storage.path_style", "true",
                "storage.region", "us-east-1",
                "storage.access_key", ACCESS_KEY,
                "storage.secret_key", SECRET_KEY);
    }
}
