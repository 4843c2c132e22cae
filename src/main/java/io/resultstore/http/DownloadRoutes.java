package io.resultstore.http;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import io.resultstore.result.DownloadFormat;
import io.resultstore.result.Result;
import io.resultstore.result.ResultDownloads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET|HEAD /results/{id}/data?format=csv|jsonl|parquet|arrow}: the whole result, streamed. */
final class DownloadRoutes {
    private static final Logger log = LoggerFactory.getLogger(DownloadRoutes.class);
    private static final int COPY_BUFFER = 64 * 1024;

    private final ResultDownloads downloads;

    DownloadRoutes(ResultDownloads downloads) {
        this.downloads = requireNonNull(downloads, "downloads is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/results/{id}/data", ctx -> download(ctx, false));
        // Remote Parquet readers (DuckDB httpfs, pyarrow) ask for the size with HEAD before reading ranges.
        routes.head("/results/{id}/data", ctx -> download(ctx, true));
    }

    private void download(Context ctx, boolean headOnly) {
        DownloadFormat format = DownloadFormat.resolve(
                Optional.ofNullable(ctx.queryParam("format")).filter(f -> !f.isBlank()),
                Optional.ofNullable(ctx.header("Accept")));
        Result result = downloads.requireReady(ctx.pathParam("id"));
        ctx.header("Content-Disposition", "attachment; filename=\"" + result.id() + "." + format.fileExtension() + "\"");
        if (format == DownloadFormat.PARQUET) {
            parquet(ctx, result, headOnly);
        } else {
            rows(ctx, result, format, headOnly);
        }
    }

    private void parquet(Context ctx, Result result, boolean headOnly) {
        long size = downloads.parquetSize(result);
        ctx.header("Accept-Ranges", "bytes");
        // A result's file never changes once ready: its id identifies the bytes (range readers compare ETags).
        ctx.header("ETag", "\"" + result.id() + "\"");
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(ctx.header("Range"), size);
        } catch (ByteRange.NotSatisfiable e) {
            ctx.header("Content-Range", "bytes */" + size);
            ErrorMapper.respond(ctx, ErrorCode.BAD_REQUEST, e.getMessage());
            ctx.status(416);
            return;
        }
        ByteRange bytes = range.orElse(new ByteRange(0, size));
        ctx.status(range.isPresent() ? 206 : 200).contentType(DownloadFormat.PARQUET.contentType());
        range.ifPresent(r -> ctx.header("Content-Range", r.contentRange(size)));
        ctx.res().setContentLengthLong(bytes.length());
        if (headOnly) {
            return;
        }
        stream(ctx, result, out -> {
            try (InputStream in = downloads.openParquet(result, bytes.offset(), bytes.length())) {
                copy(in, out);
            }
        });
    }

    private void rows(Context ctx, Result result, DownloadFormat format, boolean headOnly) {
        ctx.status(200).contentType(format.contentType() + (format == DownloadFormat.CSV ? "; charset=utf-8" : ""));
        if (!headOnly) {
            stream(ctx, result, out -> downloads.writeRows(result, format, out));
        }
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Before the first byte is sent a failure is an ordinary error answer. After that the status line is gone,
     * so the connection is aborted: a client must never take a truncated download for a complete one.
     */
    private static void stream(Context ctx, Result result, Body body) {
        try {
            // Jetty's own stream, past Javalin's wrapper (which only adds compression, off here): Arrow's large
            // buffers then go to the socket without a copy (ServletChannel). Another container gets the wrapper.
            OutputStream out = ctx.res().getOutputStream() instanceof HttpOutput jetty
                    ? new ServletChannel(jetty)
                    : ctx.outputStream();
            body.write(out);
            out.flush();
        } catch (IOException | RuntimeException e) {
            if (!ctx.res().isCommitted()) {
                ctx.res().resetBuffer();
                throw e instanceof IOException io
                        ? ApiException.unavailable("cannot read result " + result.id() + " data, retry later", io)
                        : (RuntimeException) e;
            }
            log.info("result {} download aborted after the response started: {}", result.id(), e.toString());
            abort(ctx, e);
        }
    }

    private static void abort(Context ctx, Throwable cause) {
        try {
            // Closing the connection under the response: the client sees it end mid-body. (Aborting the servlet
            // channel instead makes Javalin log an error while it tries to finish the response.)
            ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection()
                    .getEndPoint().close(cause);
        } catch (RuntimeException e) {
            log.debug("could not abort the connection: {}", e.toString());
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
        }
    }
}
