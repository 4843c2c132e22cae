package io.resultstore.client;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/** Stored results: listing, pages, downloads in every format, the Arrow stream, deletion. */
public final class Results {
    private static final int CHUNK = 64 * 1024;
    private final Transport transport;

    Results(Transport transport) {
        this.transport = requireNonNull(transport, "transport is null");
    }

    /** One page of {@code GET /results}, newest first, optionally only those with {@code status}. */
    public ResultList list(int offset, int limit, Optional<String> status) {
        String query = "?offset=" + offset + "&limit=" + limit + status.map(s -> "&status=" + Transport.segment(s)).orElse("");
        return transport.read(transport.request("/results" + query).GET(), ResultList.class);
    }

    /** Every result, fetched a page of {@code pageSize} at a time as the stream is consumed. */
    public Stream<ResultSummary> all(Optional<String> status, int pageSize) {
        Spliterator<ResultSummary> pages = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED) {
            private ResultList page = list(0, pageSize, status);
            private int index;

            @Override
            public boolean tryAdvance(Consumer<? super ResultSummary> action) {
                if (index == page.results().size()) {
                    if (!page.hasMore()) {
                        return false;
                    }
                    page = list(page.offset() + page.results().size(), pageSize, status);
                    index = 0;
                    if (page.results().isEmpty()) {
                        return false;
                    }
                }
                action.accept(page.results().get(index++));
                return true;
            }
        };
        return StreamSupport.stream(pages, false);
    }

    /** The result's status and, when ready, its first page of rows (the server's default page size). */
    public ResultPage get(String resultId) {
        return page(resultId, 0, Optional.empty());
    }

    /** Rows {@code offset .. offset + limit} of a ready result (absent limit: the server's default). */
    public ResultPage page(String resultId, long offset, Optional<Integer> limit) {
        String query = "?offset=" + offset + limit.map(l -> "&limit=" + l).orElse("");
        return transport.read(transport.request("/results/" + Transport.segment(resultId) + query).GET(), ResultPage.class);
    }

    /** Waits until the result is {@code ready} and answers its first page; a {@code failed} one throws. */
    public ResultPage awaitReady(String resultId, Duration timeout, WaitListener listener, Optional<Integer> limit) {
        return Polling.until("result " + resultId, timeout, listener, () -> {
            ResultPage page = page(resultId, 0, limit);
            if (page.status().equals("failed")) {
                throw new ResultStoreException("RESULT_FAILED", 0, "result " + resultId + " failed: "
                        + page.errorMessage().orElse("no reason given"));
            }
            return page.ready() ? Optional.of(page) : Optional.empty();
        });
    }

    /** {@code DELETE /results/{id}}: later reads answer {@code GONE}. */
    public void delete(String resultId) {
        transport.send(transport.request("/results/" + Transport.segment(resultId)).DELETE());
    }

    /** Streams the whole result in {@code format} into {@code out} (not closed); answers the bytes written. */
    public long download(String resultId, DownloadFormat format, OutputStream out, Progress progress) {
        HttpResponse<InputStream> response = open(resultId, format);
        OptionalLong total = response.headers().firstValueAsLong("Content-Length");
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[CHUNK];
            long done = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                done += n;
                progress.update(done, total);
            }
            out.flush();
            return done;
        } catch (IOException e) {
            throw new ResultStoreException("UNREACHABLE", 0, "download of " + resultId + " broke off: " + e.getMessage(), e);
        }
    }

    /**
     * Streams the whole result into {@code file}. The bytes go to a temporary file beside it that is renamed over
     * {@code file} once complete, so a broken download never leaves a truncated file under the name asked for.
     */
    public long download(String resultId, DownloadFormat format, Path file, Progress progress) {
        Path target = file.toAbsolutePath();
        try {
            Path partial = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
            try {
                long bytes;
                try (OutputStream out = Files.newOutputStream(partial)) {
                    bytes = download(resultId, format, out, progress);
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return bytes;
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The result as an Arrow IPC stream, read batch by batch ({@code loadNextBatch()}, {@code getVectorSchemaRoot()})
     * straight off the connection. Closing the reader closes the connection; the allocator stays the caller's.
     */
    public ArrowStreamReader openArrow(String resultId, BufferAllocator allocator) {
        return new ArrowStreamReader(open(resultId, DownloadFormat.ARROW).body(), allocator);
    }

    private HttpResponse<InputStream> open(String resultId, DownloadFormat format) {
        return transport.stream(transport.request("/results/" + Transport.segment(resultId) + "/data?format="
                + format.wireName()).timeout(Duration.ofDays(1)).GET());
    }
}
