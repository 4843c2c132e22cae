package io.resultstore.testing;

import io.resultstore.storage.BlobStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/** Passes every call to a real storage; tests override the calls they want to break or observe. */
public class ForwardingStorage implements BlobStorage {
    protected final BlobStorage delegate;

    public ForwardingStorage(BlobStorage delegate) {
        this.delegate = delegate;
    }

    @Override
    public String type() {
        return delegate.type();
    }

    @Override
    public long publish(Path localFile, String key) throws IOException {
        return delegate.publish(localFile, key);
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        delegate.put(key, bytes);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return delegate.open(key);
    }

    @Override
    public InputStream openRange(String key, long offset, long length) throws IOException {
        return delegate.openRange(key, offset, length);
    }

    @Override
    public Optional<Long> size(String key) throws IOException {
        return delegate.size(key);
    }

    @Override
    public void delete(String key) throws IOException {
        delegate.delete(key);
    }

    @Override
    public Path localPath(String key) throws IOException {
        return delegate.localPath(key);
    }

    @Override
    public void ping() throws IOException {
        delegate.ping();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
