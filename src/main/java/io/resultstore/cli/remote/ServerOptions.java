package io.resultstore.cli.remote;

import io.resultstore.client.ResultStoreClient;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --server} and {@code --token}, shared by every client command, with their environment fallbacks. */
public final class ServerOptions {
    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:RESULTSTORE_SERVER:-http://127.0.0.1:8080}",
            description = "server URL (env RESULTSTORE_SERVER; default http://127.0.0.1:8080)")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:RESULTSTORE_TOKEN}",
            description = "bearer token for a server with auth.tokens (env RESULTSTORE_TOKEN)")
    String token;

    ResultStoreClient client() {
        URI uri;
        try {
            uri = URI.create(server.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--server is not a URL: " + server);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--server must be an http(s) URL such as http://127.0.0.1:8080: " + server);
        }
        return ResultStoreClient.builder(uri).token(Optional.ofNullable(token)).build();
    }
}
