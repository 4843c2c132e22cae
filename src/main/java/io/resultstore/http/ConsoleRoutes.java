package io.resultstore.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.resultstore.common.Hashing;
import io.resultstore.error.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The web console: static files from the jar at {@code /} and {@code /console/<file>}. They hold no data, so they
 * need no token (the page asks for one when the API answers 401). Only names from the jar's own listing are
 * served, so no request path ever reaches a file system; the page runs under a policy that allows scripts,
 * styles and connections from this server only and nothing inline.
 */
final class ConsoleRoutes {
    static final String CONTENT_SECURITY_POLICY = policy("");
    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9-]{1,64}\\.(js|css|html)");
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "html", "text/html; charset=utf-8");
    private static final String[] FILES = {"index.html", "app.js", "app.css", "api.js", "dom.js", "grid.js", "chart.js",
        "editor.js"};

    private record StaticFile(byte[] bytes, String contentType, String etag) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, StaticFile> files = new HashMap<>();

    ConsoleRoutes() {
        for (String name : FILES) {
            load(name).ifPresent(f -> files.put(name, f));
        }
    }

    /**
     * Scripts, styles and connections from this server only, nothing inline. The page itself also admits styles
     * carrying its one-time nonce: the SQL editor (CodeMirror) injects its stylesheet as a style element, and
     * reads the nonce from the page's {@code csp-nonce} meta tag to mark it.
     */
    static String policy(String styleNonce) {
        return "default-src 'self'; script-src 'self'; style-src 'self'"
                + (styleNonce.isEmpty() ? "" : " 'nonce-" + styleNonce + "'")
                + "; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none';"
                + " frame-ancestors 'none'; form-action 'self'";
    }

    /** Paths the console serves without a token. */
    static boolean isStatic(String path) {
        return path.equals("/") || path.startsWith("/console/");
    }

    void register(RoutesConfig routes) {
        routes.get("/", this::page);
        routes.get("/console/{file}", ctx -> serve(ctx, ctx.pathParam("file")));
    }

    /** The page, with a nonce of its own in its policy and its meta tag. */
    private void page(Context ctx) {
        StaticFile file = files.get("index.html");
        if (file == null) {
            throw ApiException.notFound("the console is not part of this build");
        }
        byte[] nonceBytes = new byte[18];
        RANDOM.nextBytes(nonceBytes);
        String nonce = Base64.getEncoder().encodeToString(nonceBytes);
        secure(ctx, policy(nonce));
        ctx.header("Cache-Control", "no-store");
        ctx.status(200).contentType(file.contentType())
                .result(new String(file.bytes(), StandardCharsets.UTF_8).replace("{{nonce}}", nonce));
    }

    private void serve(Context ctx, String name) {
        StaticFile file = FILE_NAME.matcher(name).matches() && !name.equals("index.html") ? files.get(name) : null;
        if (file == null) {
            throw ApiException.notFound("no such console file: " + name);
        }
        secure(ctx, CONTENT_SECURITY_POLICY);
        // Names carry no content hash: the browser revalidates, and the ETag makes that a 304.
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", file.etag());
        if (file.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.status(200).contentType(file.contentType()).result(file.bytes());
    }

    private static void secure(Context ctx, String policy) {
        ctx.header("Content-Security-Policy", policy);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
    }

    private static Optional<StaticFile> load(String name) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String ext = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(new StaticFile(bytes, TYPES.get(ext),
                    "\"" + Hashing.sha256Hex(bytes).substring(0, 32) + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read console file " + name, e);
        }
    }
}
