package io.resultstore.http;

import io.resultstore.common.AuthTokens;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.resultstore.config.Config;
import io.resultstore.error.ErrorCode;
import io.resultstore.observe.RequestLog;
import io.resultstore.observe.ServerMetrics;
import io.resultstore.observe.Tracing;
import org.eclipse.jetty.server.handler.GracefulHandler;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The HTTP face of the server: Javalin on virtual threads, routes registered per feature, one error mapper,
 * bearer-token auth on everything but {@code /health}, {@code /openapi.json} and the console's files, a request timer
 * per route, and a server span per request whose trace id every response carries.
 */
public final class HttpServer implements AutoCloseable {
    private static final String TIMER_START = "resultstore.start";

    private final Javalin app;

    /** {@code routes} registers every feature's routes; see {@code Application}. */
    public HttpServer(Config.Server server, List<String> authTokens, ServerMetrics metrics, Tracing tracing,
            Consumer<io.javalin.config.RoutesConfig> routes) {
        AuthTokens tokens = new AuthTokens(authTokens);
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = server.maxBody();
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.startup.showJavalinBanner = false;
            config.jetty.host = server.host();
            config.jetty.port = server.port();
            config.jetty.modifyServer(jetty -> {
                jetty.setErrorHandler(new JettyErrors());
                // Graceful stop: connectors stop accepting, requests in flight get up to the grace to finish.
                jetty.setHandler(new GracefulHandler());
                jetty.setStopTimeout(server.shutdownGrace().toMillis());
            });
            config.requestLogger.http(new RequestLog());
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JettyErrors()));
            config.routes.before(ctx -> {
                ctx.attribute(TIMER_START, System.nanoTime());
                RequestSpan.start(ctx, tracing);
                // Refuse a declared oversize body before reading it (and before a short body reads as a broken one).
                if (ctx.req().getContentLengthLong() > server.maxBody() && !ctx.path().equals(DatasetRoutes.FILES)) {
                    throw new io.resultstore.error.ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                            "request body is larger than server.max_body (" + server.maxBody() + " bytes)");
                }
                if (tokens.required() && !ServiceRoutes.PUBLIC.contains(ctx.path()) && !ConsoleRoutes.isStatic(ctx.path())
                        && !tokens.acceptsBearer(ctx.header("Authorization"))) {
                    throw new io.resultstore.error.ApiException(ErrorCode.UNAUTHORIZED,
                            "missing or invalid bearer token");
                }
            });
            config.routes.after(ctx -> {
                Long start = ctx.attribute(TIMER_START);
                Optional<String> route = RequestLog.matchedRoute(ctx);
                if (start != null) {
                    metrics.httpRequest(ctx.method().name(), route.orElse("unmatched"), ctx.statusCode(),
                            System.nanoTime() - start);
                }
                RequestSpan.end(ctx, route);
            });
            config.routes.exception(Exception.class, ErrorMapper::handle);
            // Javalin answers unknown paths itself (text, or its own JSON for Accept: application/json): use the API shape.
            config.routes.error(404, ctx -> unlessJson(ctx, ErrorCode.NOT_FOUND, "no such endpoint: " + ctx.method() + " " + ctx.path()));
            config.routes.error(405, ctx -> unlessJson(ctx, ErrorCode.BAD_REQUEST, "method not allowed: " + ctx.method() + " " + ctx.path()));
            config.routes.error(413, ctx -> unlessJson(ctx, ErrorCode.PAYLOAD_TOO_LARGE,
                    "request body is larger than server.max_body (" + server.maxBody() + " bytes)"));
            routes.accept(config.routes);
        });
    }

    public HttpServer start() {
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    /**
     * Every route as registered, {@code "GET /results/{id}"} ({@code <path>} for a rest-of-path parameter): what
     * {@code /openapi.json} must describe.
     */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream().map(e -> e.endpoint)
                .filter(e -> e.method.isHttpMethod()).map(e -> e.method.name() + " " + e.path).toList();
    }

    @Override
    public void close() {
        app.stop();
    }

    /** Gives an error Javalin answered itself (in text, HTML or its own JSON) the API's error shape. */
    private static void unlessJson(Context ctx, ErrorCode code, String message) {
        if (!ErrorMapper.answered(ctx)) {
            int status = ctx.statusCode();
            ErrorMapper.respond(ctx, code, message);
            ctx.status(status);
        }
    }
}
