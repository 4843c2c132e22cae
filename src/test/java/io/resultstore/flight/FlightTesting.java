package io.resultstore.flight;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Json;
import io.resultstore.testing.Http;
import io.resultstore.testing.SharedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.vector.BigIntVector;

/** A Flight test server's addresses and calls: the JDBC URL, the bearer header, HTTP with the token. */
final class FlightTesting {
    static final String TOKEN = "flight-secret";

    private FlightTesting() {}

    static HeaderCallOption bearer() {
        CallHeaders headers = new FlightCallHeaders();
        headers.insert("authorization", "Bearer " + TOKEN);
        return new HeaderCallOption(headers);
    }

    static String url(int port, String auth) {
        return "jdbc:arrow-flight-sql://127.0.0.1:" + port + "/?useEncryption=false" + (auth.isEmpty() ? "" : "&" + auth);
    }

    static Http.Response http(SharedServer server, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.server().url() + path))
                .header("Authorization", "Bearer " + TOKEN);
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return server.server().http().send(b);
    }

    /** The statuses of the runs of exactly {@code sql}, newest first. */
    static List<String> runStatuses(SharedServer server, String sql) {
        List<String> statuses = new ArrayList<>();
        http(server, "GET", "/query-runs", null).json().path("query_runs").forEach(run -> {
            if (run.path("sql_text").asText().equals(sql)) {
                statuses.add(run.path("status").asText());
            }
        });
        return statuses;
    }

    /** Reads a ticket whole: {rows, sum of the BIGINT column {@code column}}. */
    /** The flight info's app metadata: {@code query_run_id}, and {@code result_id} once known. */
    static JsonNode meta(FlightInfo info) throws IOException {
        return Json.MAPPER.readTree(info.getAppMetadata());
    }

    static long[] rowsAndSum(FlightSqlClient client, FlightInfo info, String column) throws Exception {
        long rows = 0;
        long sum = 0;
        try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), bearer())) {
            while (stream.next()) {
                BigIntVector values = (BigIntVector) stream.getRoot().getVector(column);
                for (int i = 0; i < stream.getRoot().getRowCount(); i++) {
                    sum += values.get(i);
                }
                rows += stream.getRoot().getRowCount();
            }
        }
        return new long[] {rows, sum};
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
