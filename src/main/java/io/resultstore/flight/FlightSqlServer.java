package io.resultstore.flight;

import io.resultstore.common.AuthTokens;
import io.resultstore.config.Config;
import io.resultstore.dataset.DatasetService;
import io.resultstore.query.QueryService;
import io.resultstore.query.ArrowAnswers;
import io.resultstore.query.StatementShapes;
import io.resultstore.result.ResultService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Arrow Flight SQL endpoint on {@code flight.port}, bound to {@code server.host}, next to HTTP: a second
 * protocol over the same query and result services, with the same tokens.
 */
public final class FlightSqlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FlightSqlServer.class);
    /** Slack over the statement timeout: the query ends by its own timeout, never by this wait. */
    private static final Duration WAIT_SLACK = Duration.ofMinutes(1);

    private final BufferAllocator allocator = new RootAllocator();
    private final PendingStreams pending = new PendingStreams();
    private final ResultStoreProducer producer;
    private final FlightServer server;

    public FlightSqlServer(Config.Server settings, AuthTokens tokens, Duration statementTimeout,
            QueryService queries, StatementShapes shapes, ArrowAnswers staged, ResultService results,
            DatasetService datasets, String version) {
        FlightQueries flightQueries = new FlightQueries(queries, staged, pending, allocator,
                statementTimeout.plus(WAIT_SLACK), settings.flightInfoWait());
        this.producer = new ResultStoreProducer(flightQueries, shapes, new MetadataStreams(results, datasets, allocator),
                version);
        this.server = FlightServer.builder(allocator, Location.forGrpcInsecure(settings.host(), settings.flightPort()),
                        producer)
                .headerAuthenticator(tokens.required() ? new TokenAuthenticator(tokens) : CallHeaderAuthenticator.NO_OP)
                .build();
    }

    public void start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve Arrow Flight SQL on port " + server.getPort(), e);
        }
        log.info("Arrow Flight SQL on port {}", server.getPort());
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pending.close();
            producer.close();
            try {
                allocator.close();
            } catch (IllegalStateException e) {
                // A stream cut off mid-batch may still hold buffers; the process frees them on exit.
                log.warn("flight allocator closed with memory outstanding: {}", e.getMessage());
            }
        }
    }
}
