package io.resultstore.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resultstore.testing.Await;
import io.resultstore.testing.Http;
import io.resultstore.testing.SharedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /metrics} names what the server did by route template and outcome, and never by id or SQL. */
class MetricsEndpointTest {
    @RegisterExtension
    static final SharedServer shared = new SharedServer();
    static final Http http = shared.http();

    private static final Pattern SERIES = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
    private static final Pattern EXPR_NAME = Pattern.compile("\\b(resultstore_[a-z_]+|jvm_[a-z_]+|process_[a-z_]+|hikaricp_[a-z_]+)");

    @Test
    void scrapeNamesRequestsQueriesAdmissionAndJvmWithoutIdsOrSql() {
        Http.Response ok = http.query("SELECT 4242 AS metrics_marker_column");
        assertThat(ok.status()).isEqualTo(200);
        String resultId = ok.json().path("result_id").asText();
        http.awaitResult(resultId);
        assertThat(http.get("/results/" + resultId + "?limit=1&offset=0").status()).isEqualTo(200);
        assertThat(http.query("SELECT CAST('no_such_metrics_number' AS INTEGER)").status()).isGreaterThanOrEqualTo(400);
        Http.Response put = http.put("/api/result/9081726354", "{\"name\": \"metrics_step\", \"data\": {\"v\": 1}}");
        assertThat(put.status()).isEqualTo(200);
        String ref = put.json().path("ref").asText();
        assertThat(http.get("/api/result/resolve?ref=" + java.net.URLEncoder.encode(ref,
                java.nio.charset.StandardCharsets.UTF_8)).status()).isEqualTo(200);
        assertThat(http.get("/api/result/resolve?ref=noetl%3A%2F%2Fexecution%2F9081726354%2Fresult%2Fnone%2F1")
                .status()).isEqualTo(404);

        String scrape = http.get("/metrics").body();

        assertThat(scrape).contains("resultstore_http_server_requests_seconds_bucket{");
        assertThat(scrape).containsPattern("resultstore_http_server_requests_seconds_count\\{method=\"GET\","
                + "route=\"/results/\\{id}\",status=\"200\"} [1-9]");
        assertThat(scrape).containsPattern("resultstore_queries_total\\{outcome=\"succeeded\"} [1-9]");
        assertThat(scrape).containsPattern("resultstore_queries_total\\{outcome=\"failed\"} [1-9]");
        assertThat(scrape).contains("resultstore_queries_total{outcome=\"refused\"}");
        assertThat(scrape).contains("resultstore_admission_refused_total{reason=\"busy\"}");
        assertThat(scrape).contains("resultstore_admission_running ", "resultstore_admission_waiting ",
                "resultstore_persistence_in_flight ", "resultstore_engine_memory_used_bytes ",
                "jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                "jvm_gc_", "hikaricp_connections_active{pool=\"catalog\"}",
                "resultstore_persistence_seconds_bucket{outcome=\"ready\"",
                "resultstore_results{status=\"ready\"}", "resultstore_results{status=\"processing\"}",
                "resultstore_sweeper_total{outcome=\"expired\"}",
                "resultstore_sweeper_total{outcome=\"stale_failed\"}",
                "resultstore_sweeper_total{outcome=\"file_deletion_retried\"}");
        assertThat(scrape).containsPattern("resultstore_persistence_seconds_count\\{outcome=\"ready\"} [1-9]");
        assertThat(scrape).containsPattern("resultstore_persistence_written_bytes_total [1-9]");
        assertThat(scrape).containsPattern("resultstore_payload_operations_seconds_count\\{operation=\"put\","
                + "outcome=\"ok\"} [1-9]");
        assertThat(scrape).containsPattern("resultstore_payload_operations_seconds_count\\{operation=\"resolve\","
                + "outcome=\"ok\"} [1-9]");
        assertThat(scrape).containsPattern("resultstore_payload_operations_seconds_count\\{operation=\"resolve\","
                + "outcome=\"not_found\"} [1-9]");
        assertThat(scrape).contains("route=\"/api/result/<path>\",status=\"404\"");

        assertThat(scrape).doesNotContain(resultId, "metrics_marker_column", "no_such_metrics_number", ref,
                "metrics_step", "9081726354");
    }

    @Test
    void everyMetricTheDashboardUsesIsExported() throws Exception {
        http.query("SELECT 1");
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Path.of("ops/grafana/resultstore.json")));
        Set<String> used = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = EXPR_NAME.matcher(target.path("expr").asText());
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        assertThat(used).isNotEmpty();

        // The GC pause timer has no series until the first pause: the server shares this JVM, so make one (its
        // notification arrives asynchronously).
        System.gc();
        Await.until("a GC pause is recorded", () -> http.get("/metrics").body().contains("jvm_gc_pause_seconds_sum"));
        Set<String> exported = new TreeSet<>();
        Matcher m = SERIES.matcher(http.get("/metrics").body());
        while (m.find()) {
            exported.add(m.group(1));
        }
        assertThat(exported).containsAll(used);
    }
}
