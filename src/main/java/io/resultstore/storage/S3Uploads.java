package io.resultstore.storage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/** Uploads one local file as one object: a single PUT when small, a multipart upload when large. */
final class S3Uploads {
    private static final Logger log = LoggerFactory.getLogger(S3Uploads.class);

    private final S3Client s3;
    private final String bucket;
    private final long partSize;

    S3Uploads(S3Client s3, String bucket, long partSize) {
        this.s3 = requireNonNull(s3, "s3 is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
        if (partSize < 5L * 1024 * 1024) {
            throw new IllegalArgumentException("S3 parts must be at least 5 MiB, got " + partSize);
        }
        this.partSize = partSize;
    }

    void upload(Path file, long size, String objectKey) throws IOException {
        if (size <= partSize) {
            s3.putObject(b -> b.bucket(bucket).key(objectKey).contentLength(size), RequestBody.fromFile(file));
        } else {
            multipart(file, size, objectKey);
        }
    }

    private void multipart(Path file, long size, String objectKey) throws IOException {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(objectKey)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            try (InputStream in = Files.newInputStream(file)) {
                int partNumber = 1;
                for (long offset = 0; offset < size; offset += partSize, partNumber++) {
                    int length = (int) Math.min(partSize, size - offset);
                    byte[] chunk = in.readNBytes(length);
                    if (chunk.length != length) {
                        throw new IOException(file + " shrank while it was being uploaded");
                    }
                    int n = partNumber;
                    String etag = s3.uploadPart(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                            .partNumber(n).contentLength((long) length), RequestBody.fromBytes(chunk)).eTag();
                    parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
                }
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            abort(objectKey, uploadId);
            throw e;
        }
    }

    // Parts of an upload that is never completed or aborted are stored (and billed) but invisible.
    private void abort(String objectKey, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
        } catch (SdkException e) {
            log.warn("multipart upload {} of {} could not be aborted: {}", uploadId, objectKey, e.toString());
        }
    }
}
