package io.resultstore.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Json;
import io.resultstore.testing.SharedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Each client subcommand run in process against a real server with auth on: what it prints and how it exits. */
@Timeout(120)
class ClientCommandsTest {
    static final String TOKEN = "cli-test-token";
    static final Pattern RESULT_ID = Pattern.compile("rslt[0-9a-z]{26}");

    @RegisterExtension
    static final SharedServer server = new SharedServer(b -> b.set("auth.tokens", TOKEN));

    static CliRun cli(String... args) {
        return cliWithInput("", args);
    }

    static CliRun cliWithInput(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (all.size() > 0 && !all.contains("--help")) {
            all.addAll(List.of("--server", server.server().url(), "--token", TOKEN));
        }
        return CliRun.run(100, stdin, all.toArray(String[]::new));
    }

    static String resultId(String text) {
        Matcher m = RESULT_ID.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group();
    }

    @Test
    void helpListsEverySubcommandWithAnExample() {
        CliRun help = CliRun.run(100, "", "--help");
        assertThat(help.code()).isZero();
        for (String command : List.of("serve", "query", "results", "runs", "put", "resolve")) {
            assertThat(help.out()).containsPattern("(?m)^\\s+" + command + "\\s+\\S");
            assertThat(help.out()).containsPattern("(?m)^\\s+resultstore " + command + " ");
        }
        for (String sub : List.of("ls", "get", "rm", "download")) {
            assertThat(help.out()).contains("resultstore results " + sub);
        }
        assertThat(CliRun.run(100, "", "results", "download", "--help").out()).contains("Example: resultstore results download");
        assertThat(CliRun.run(100, "", "query", "--help").out()).contains("--server", "RESULTSTORE_SERVER", "--token");
    }

    @Test
    void queryPrintsATableThatFitsTheWidth() {
        CliRun run = cli("query", "SELECT range AS n, repeat('wide text ', 20) AS wide, NULL AS nothing FROM range(3)");
        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("n").contains("wide", "nothing");
        assertThat(lines).hasSize(6);
        assertThat(lines.subList(0, 5)).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(100));
        assertThat(lines.get(2)).startsWith("0  wide text wide text").contains("…").endsWith("NULL");
        assertThat(lines.get(5)).startsWith("(3 rows, result rslt").endsWith(" ms)");

        CliRun narrow = CliRun.run(30, "", "query", "SELECT 1 AS a, 2 AS b, 3 AS c, 'long text value' AS d, 5 AS e,"
                + " 6 AS f, 7 AS g, 8 AS h, 9 AS i, 10 AS j, 11 AS k", "--server", server.server().url(), "--token", TOKEN);
        assertThat(narrow.out().lines().filter(l -> !l.startsWith("("))).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(30));
        assertThat(narrow.out()).contains("more columns not shown");

        CliRun truncated = cli("query", "SELECT range AS n FROM range(50)", "--max-rows", "5");
        assertThat(truncated.out()).contains("(5 of 50 rows shown, result rslt");
    }

    @Test
    void queryWritesTheWholeResultAsCsvOrTheAnswerAsJson(@TempDir Path dir) throws Exception {
        CliRun csv = cli("query", "SELECT range AS n, 'a,b' AS s FROM range(3)", "--format", "csv", "--max-rows", "1");
        assertThat(csv.code()).as(csv.err()).isZero();
        assertThat(csv.out()).isEqualTo("n,s\n0,\"a,b\"\n1,\"a,b\"\n2,\"a,b\"\n");

        Path file = dir.resolve("answer.json");
        CliRun json = cli("query", "SELECT 42 AS answer", "--format", "json", "--out", file.toString());
        assertThat(json.out()).isEmpty();
        JsonNode answer = Json.MAPPER.readTree(file.toFile());
        assertThat(answer.path("rows").toString()).isEqualTo("[[42]]");
        assertThat(answer.path("columns").toString()).isEqualTo("[\"answer\"]");
        assertThat(answer.path("result_id").asText()).startsWith("rslt");
    }

    @Test
    void errorsExitNonZeroWithTheApisMessage() {
        CliRun sql = cli("query", "SELEC 1");
        assertThat(sql.code()).isEqualTo(1);
        assertThat(sql.out()).isEmpty();
        assertThat(sql.err()).startsWith("resultstore: ").contains("syntax error", "(SQL_ERROR, HTTP 400)");

        CliRun noToken = CliRun.run(100, "", "results", "ls", "--server", server.server().url());
        assertThat(noToken.code()).isEqualTo(1);
        assertThat(noToken.err()).contains("(UNAUTHORIZED, HTTP 401)");

        CliRun missing = cli("results", "get", "rslt00000000000000000000000000");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("NOT_FOUND", "HTTP 404");

        CliRun badUrl = CliRun.run(100, "", "runs", "ls", "--server", "ftp://x");
        assertThat(badUrl.code()).isEqualTo(1);
        assertThat(badUrl.err()).contains("--server must be an http(s) URL");

        CliRun unreachable = CliRun.run(100, "", "runs", "ls", "--server", "http://127.0.0.1:1");
        assertThat(unreachable.code()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot reach http://127.0.0.1:1", "UNREACHABLE");

        CliRun usage = cli("results", "download");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("Missing required parameter");
    }

    @Test
    void resultsAreListedShownDownloadedAndRemoved(@TempDir Path dir) throws Exception {
        String id = resultId(cli("query", "SELECT range AS n, 'v' || range AS v FROM range(30)", "--format", "csv").err()
                + cli("results", "ls", "--limit", "1").out());
        CliRun ls = cli("results", "ls", "--status", "ready");
        assertThat(ls.code()).isZero();
        assertThat(ls.out().lines().findFirst().orElseThrow()).startsWith("id").contains("status", "rows", "bytes");
        assertThat(ls.out()).contains(id + "  ready");

        CliRun get = cli("results", "get", id, "--offset", "10", "--limit", "2");
        assertThat(get.out()).contains("10  v10", "11  v11", "(rows 10..12 of 30; more with --offset 12)");
        assertThat(cli("results", "get", id, "--limit", "2", "--format", "csv").out()).isEqualTo("n,v\n0,v0\n1,v1\n");
        assertThat(Json.MAPPER.readTree(cli("results", "get", id, "--format", "json").out()).path("row_count").asInt())
                .isEqualTo(30);

        for (String format : List.of("csv", "jsonl", "parquet", "arrow")) {
            byte[] expected = serverBytes("/results/" + id + "/data?format=" + format);
            CliRun toStdout = cli("results", "download", id, "--format", format);
            assertThat(toStdout.code()).as(toStdout.err()).isZero();
            assertThat(toStdout.stdout()).as(format).isEqualTo(expected);
            assertThat(toStdout.err()).isEmpty(); // no progress bar when stderr is not a terminal
            Path file = dir.resolve("r." + format);
            assertThat(cli("results", "download", id, "--format", format, "--out", file.toString()).code()).isZero();
            assertThat(Files.readAllBytes(file)).as(format).isEqualTo(expected);
        }

        CliRun terminal = CliRun.run(true, 100, "", "results", "download", id, "--format", "parquet", "--out",
                dir.resolve("t.parquet").toString(), "--server", server.server().url(), "--token", TOKEN);
        assertThat(terminal.code()).isZero();
        assertThat(terminal.err()).startsWith("\r[").contains("% ").endsWith("\r"); // drawn, then cleared
        assertThat(terminal.err()).doesNotContain("\n"); // one line, rewritten in place

        CliRun rm = cli("results", "rm", id);
        assertThat(rm.out()).isEqualTo("deleted " + id + "\n");
        CliRun gone = cli("results", "get", id);
        assertThat(gone.code()).isEqualTo(1);
        assertThat(gone.err()).contains("GONE", "HTTP 410");
    }

    @Test
    void runsAreListedShownAndCanceled() throws Exception {
        cli("query", "SELECT 'first' AS marker");
        cli("query", "SELECT 'listed' AS marker");
        CliRun ls = cli("runs", "ls", "--limit", "1");
        assertThat(ls.out()).contains("succeeded", "SELECT 'listed'", "(more: --cursor ");
        String cursor = ls.out().replaceAll("(?s).*--cursor (\\S+)\\).*", "$1").strip();
        assertThat(cli("runs", "ls", "--limit", "1", "--cursor", cursor).code()).isZero();
        String runId = ls.out().lines().skip(2).findFirst().orElseThrow().split(" ")[0];
        JsonNode run = Json.MAPPER.readTree(cli("runs", "get", runId).out());
        assertThat(run.path("id").asText()).isEqualTo(runId);
        assertThat(run.path("status").asText()).isEqualTo("succeeded");

        String running = Json.MAPPER.readTree(post("/query", "{\"sql\": \"SELECT count(*) FROM range(1e12)\", "
                + "\"wait_timeout_ms\": 0}")).path("query_run_id").asText();
        assertThat(cli("runs", "cancel", running).out()).isEqualTo(running + " canceled\n");
        CliRun again = cli("runs", "cancel", running);
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("already canceled", "CONFLICT", "HTTP 409");
    }

    @Test
    void putStoresAFileOrStdinAndResolvePrintsItBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data.json");
        Files.writeString(file, "{\"rows\": [1, 2, 3], \"name\": \"täst\"}");
        CliRun put = cli("put", "77", "step_a", file.toString(), "--scope", "workflow", "--ttl", "2d");
        assertThat(put.code()).as(put.err()).isZero();
        String ref = put.out().strip();
        assertThat(ref).startsWith("noetl://execution/77/result/step_a/");
        CliRun resolve = cli("resolve", ref);
        assertThat(Json.MAPPER.readTree(resolve.out())).isEqualTo(Json.MAPPER.readTree(file.toFile()));
        assertThat(resolve.stdout()).isEqualTo(serverBytes("/api/result/resolve?ref="
                + java.net.URLEncoder.encode(ref, java.nio.charset.StandardCharsets.UTF_8)));

        CliRun fromStdin = cliWithInput("[true, null]", "put", "77", "step_b", "-", "--json");
        JsonNode receipt = Json.MAPPER.readTree(fromStdin.out());
        assertThat(receipt.path("scope").asText()).isEqualTo("execution");
        assertThat(receipt.path("sha256").asText()).hasSize(64);
        Path out = dir.resolve("resolved.json");
        assertThat(cli("resolve", receipt.path("ref").asText(), "--out", out.toString()).code()).isZero();
        assertThat(Files.readString(out)).isEqualTo("[true,null]");

        CliRun notJson = cliWithInput("{not json", "put", "77", "step_c", "-");
        assertThat(notJson.code()).isEqualTo(1);
        assertThat(notJson.err()).startsWith("resultstore: stdin is not JSON");
        CliRun badScope = cliWithInput("1", "put", "77", "step_c", "-", "--scope", "galaxy");
        assertThat(badScope.code()).isEqualTo(1);
        assertThat(badScope.err()).contains("BAD_REQUEST", "HTTP 400");
        CliRun unknown = cli("resolve", "noetl://execution/77/result/step_a/1");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("HTTP 404");
    }

    @Test
    void theCommandLineProcessReadsTheServerAndTokenFromTheEnvironment() throws Exception {
        Process ok = process("query", "SELECT 6 * 7 AS answer, 'a\"b' AS quoted", "--format", "csv");
        assertThat(ok.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(ok.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("answer,quoted\n42,\"a\"\"b\"\n");
        assertThat(ok.exitValue()).as(new String(ok.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

        Process failing = process("results", "get", "rslt00000000000000000000000000");
        assertThat(failing.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(failing.exitValue()).isEqualTo(1);
        assertThat(failing.getInputStream().readAllBytes()).isEmpty();
        assertThat(new String(failing.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("resultstore: ").contains("(NOT_FOUND, HTTP 404)");
    }

    /** {@code Main} in its own JVM, as the launcher runs it, with only the environment naming the server. */
    private static Process process(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.resultstore.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("RESULTSTORE_SERVER", server.server().url());
        pb.environment().put("RESULTSTORE_TOKEN", TOKEN);
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    static byte[] serverBytes(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(server.server().url() + path))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
        }
    }

    static String post(String path, String body) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(server.server().url() + path))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
