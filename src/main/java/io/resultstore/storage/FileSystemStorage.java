package io.resultstore.storage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** Blobs as files under one root; publishing is an atomic rename within the same file system. */
public final class FileSystemStorage implements BlobStorage {
    private final Path root;
    private final Path staging;

    public FileSystemStorage(Path root) throws IOException {
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
        this.staging = this.root.resolve(".staging");
        Files.createDirectories(staging);
        // Left over by a process that died mid-write: never referenced, safe to drop.
        Files.list(staging).forEach(FileSystemStorage::deleteQuietly);
    }

    public Path root() {
        return root;
    }

    @Override
    public String type() {
        return "filesystem";
    }

    @Override
    public long publish(Path localFile, String key) throws IOException {
        return AtomicFiles.moveInto(localFile, resolve(key), staging);
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        Path target = resolve(key);
        AtomicFiles.ensureParent(target);
        Path tmp = Files.createTempFile(staging, "put", ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public InputStream openRange(String key, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(resolve(key), StandardOpenOption.READ);
        channel.position(offset);
        return new BoundedInputStream(Channels.newInputStream(channel), length);
    }

    @Override
    public Optional<Long> size(String key) throws IOException {
        Path p = resolve(key);
        try {
            return Optional.of(Files.size(p));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Path p = resolve(key);
        Files.deleteIfExists(p);
        // Drop the per-result folder when it became empty; a racing writer recreates it.
        Path parent = p.getParent();
        if (!parent.equals(root)) {
            try {
                Files.deleteIfExists(parent);
            } catch (java.nio.file.DirectoryNotEmptyException ignored) {
                // other blobs still live there
            }
        }
    }

    @Override
    public Path localPath(String key) throws IOException {
        Path p = resolve(key);
        if (!Files.exists(p)) {
            throw new NoSuchFileException(key);
        }
        return p;
    }

    @Override
    public void ping() throws IOException {
        if (!Files.isDirectory(root) || !Files.isWritable(root)) {
            throw new IOException("storage root " + root + " is not a writable directory");
        }
    }

    private Path resolve(String key) {
        Path p = root.resolve(BlobStorage.checkKey(key)).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("invalid storage key: " + key);
        }
        return p;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort at startup
        }
    }
}
