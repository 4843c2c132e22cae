package io.resultstore.observe;

import static java.util.Objects.requireNonNull;

import io.resultstore.storage.BlobStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A span per storage call ({@code storage publish}, {@code storage open}, …) inside a recorded trace; outside one,
 * the calls pass straight through. An {@code open} span covers opening the blob, not reading it: the reading
 * happens in whatever streams it to the client, and shows in that request's span.
 */
public final class TracedStorage implements BlobStorage {
    private final BlobStorage delegate;
    private final Tracing tracing;

    public TracedStorage(BlobStorage delegate, Tracing tracing) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.tracing = requireNonNull(tracing, "tracing is null");
    }

    @Override
    public String type() {
        return delegate.type();
    }

    @Override
    public long publish(Path localFile, String key) throws IOException {
        return tracing.inChildSpan(name("publish"), () -> delegate.publish(localFile, key));
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        tracing.inChildSpan(name("put"), () -> {
            delegate.put(key, bytes);
            return null;
        });
    }

    @Override
    public InputStream open(String key) throws IOException {
        return tracing.inChildSpan(name("open"), () -> delegate.open(key));
    }

    @Override
    public InputStream openRange(String key, long offset, long length) throws IOException {
        return tracing.inChildSpan(name("open"), () -> delegate.openRange(key, offset, length));
    }

    @Override
    public Optional<Long> size(String key) throws IOException {
        return tracing.inChildSpan(name("size"), () -> delegate.size(key));
    }

    @Override
    public void delete(String key) throws IOException {
        tracing.inChildSpan(name("delete"), () -> {
            delegate.delete(key);
            return null;
        });
    }

    @Override
    public Path localPath(String key) throws IOException {
        return tracing.inChildSpan(name("local_path"), () -> delegate.localPath(key));
    }

    @Override
    public void ping() throws IOException {
        delegate.ping();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private static Supplier<String> name(String operation) {
        return () -> "storage " + operation;
    }
}
