package io.resultstore.hostile;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Structure-aware random requests over every route: the right method mostly, the right fields with wrong types,
 * ids that exist next to ids that do not, path tricks, odd headers. Request {@code i} of seed {@code s} depends
 * only on {@code (s, i)} and the ids seen so far, so a failing request can be replayed from its seed.
 */
final class RandomRequests {
    record Request(String method, String target, Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            String text = body == null ? "" : " " + Case.shorten(new String(body, StandardCharsets.UTF_8));
            return method + " " + Case.shorten(target) + " " + headers + text;
        }
    }

    /** Ids the server handed out during the run, so that requests reach past the id checks. */
    static final class Known {
        final List<String> results = new CopyOnWriteArrayList<>(List.of("rslt00000000000000000000000000"));
        final List<String> runs = new CopyOnWriteArrayList<>(List.of("qrun00000000000000000000000000"));
        final List<String> refs = new CopyOnWriteArrayList<>(List.of("noetl://execution/1/result/a/1"));
    }

    static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS", "TRACE",
            "get", "FOO", "CONNECT");
    static final List<String> EIDS = List.of("42", "7", "fuzz", "a.b-c_d", "resolve", "stats", "ref", "list", "..",
            ".", "%2E%2E", "a%2Fb", "%00", "x".repeat(129), "%C3%A9", "a%20b", "~", "-", "9".repeat(40));
    static final List<String> NAMES = List.of("step_a", "a/b", "list", "step", "..", "a/../b", "%2E%2E", "%00",
            "a%2F..%2Fb", "n".repeat(600), "%F0%9F%98%80", "a//b", "a/", "", "%ZZ", "x%0Ay", "resolve");
    static final List<String> PARAMS = List.of("limit", "offset", "status", "format", "cursor", "ref", "scope",
            "step_name", "resolve", "x");
    static final List<String> SQL = List.of("SELECT 1", "SELECT 42 AS answer", "SELECT range AS n FROM range(%d)",
            "SELECT * FROM results.\"%s\"", "SELECT count(*) FROM results.\"%s\" AS a, results.\"%s\" AS b",
            "SELECT '%s'", "VALUES (1, 'a'), (2, NULL)", "SELECT [1, 2, 3] AS l, {'a': 1} AS s",
            "COPY (SELECT 1) TO '%p/escape.csv'", "SELECT * FROM read_csv('%p/../x')", "ATTACH '%p/x.db' AS x",
            "CREATE TABLE t AS SELECT 1", "PRAGMA version", "SET memory_limit='1GB'", "INSTALL httpfs",
            "SELECT * FROM '%p/escape.parquet'", "SELECT 1; SELECT 2", "SELECT", "SELEC 1", "SELECT 'unterminated",
            "SELECT 1 /* open comment", "SELECT 1e400", "SELECT 99999999999999999999999999999999999999::HUGEINT",
            "SELECT NULL::INTERVAL", "SELECT 'infinity'::TIMESTAMP", "SELECT repeat('x', %d)", "FROM range(%d)",
            "DESCRIBE SELECT 1", "SUMMARIZE SELECT 1 AS x", "SELECT * FROM glob('%p/*')", "SELECT getenv('HOME')",
            "SELECT * FROM results.\"%s\" WHERE n > %d ORDER BY 1 DESC LIMIT 3", "SELECT x FROM results.\"../x\"");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
            "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "*/*",
            "application/json; charset=iso-8859-1", "application/xml", "\u00e9/\u00e9");
    private static final List<String> ACCEPTS = List.of("*/*", "text/csv", "application/x-ndjson",
            "application/vnd.apache.parquet", "application/vnd.apache.arrow.stream", "application/json", "garbage",
            "text/csv;q=0, */*;q=0", ",,,", "\u00ff");

    private final Random random;
    private final RandomJson json;
    private final Known known;
    private final Path outside;

    /** {@code outside} is a folder next to the data directory that file tricks in SQL aim at. */
    RandomRequests(long seed, Known known, Path outside) {
        this.random = new Random(seed);
        this.json = new RandomJson(random);
        this.known = known;
        this.outside = outside;
    }

    Request next() {
        // Queries cost the most (a run, a result, a Parquet write): a tenth of the mix.
        Request r = switch (random.nextInt(20)) {
            case 0, 1 -> query();
            case 2, 3 -> new Request("GET", "/results/" + resultId() + "?limit=" + pick(RandomJson.NUMBERS), headers(),
                    null);
            case 4 -> new Request("GET", "/results" + params(), headers(), null);
            case 5, 6 -> new Request(pick(List.of("GET", "GET", "DELETE")), "/results/" + resultId() + params(),
                    headers(), null);
            case 7 -> new Request(pick(List.of("GET", "GET", "HEAD")), "/results/" + resultId() + "/data" + params(),
                    headers(), null);
            case 8 -> new Request("GET", "/query-runs" + params(), headers(), null);
            case 9 -> new Request("GET", "/query-runs/" + runId() + params(), headers(), null);
            case 10 -> new Request("POST", "/query-runs/" + runId() + "/cancel", headers(), maybeBody());
            case 11, 12, 13 -> put();
            case 14 -> new Request("GET", "/api/result/resolve?ref=" + ref(), headers(), null);
            case 15 -> new Request("GET", "/api/result/" + pick(EIDS) + "/" + pick(NAMES) + params(), headers(), null);
            case 16 -> new Request("GET", "/api/result/" + pick(EIDS) + "/list" + params(), headers(), null);
            case 17 -> deletePayloads();
            case 18 -> new Request("GET", pick(List.of("/health", "/metrics", "/api/result/stats", "/", "/nope",
                    "/console/app.js", "/console/" + pick(NAMES), "/console/" + pick(EIDS),
                    "/health/..", "/%2e%2e/%2e%2e/etc/passwd", "/results/../../etc/passwd", "//results", "/results/")),
                    headers(), null);
            default -> new Request(pick(METHODS), pick(List.of("/query", "/results", "/results/" + resultId(),
                    "/api/result/" + pick(EIDS), "/query-runs/" + runId() + "/cancel", "/health", "/connections",
                    "/connections/" + pick(NAMES), "/connections/" + pick(NAMES) + "/refresh", "/refresh",
                    "/information_schema")), headers(), maybeBody());
        };
        return random.nextInt(15) == 0 ? new Request(pick(METHODS), r.target(), r.headers(), r.body()) : r;
    }

    private Request query() {
        String sql = sql();
        String body = json.mangle(json.objectWith(List.of("sql", "wait_timeout_ms", "max_inline_rows", "reuse"),
                List.of(jsonString(sql), pick(List.of("0", "100", "30000", "1", "-1", "99999999999999999999")),
                        pick(List.of("0", "1", "10", "100000", "2147483648", "-5")), pick(List.of("true", "false")))));
        return new Request("POST", "/query", jsonHeaders(), utf8(body));
    }

    private String sql() {
        String template = pick(SQL);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '%' && i + 1 < template.length()) {
                char kind = template.charAt(++i);
                out.append(switch (kind) {
                    case 'd' -> Integer.toString(random.nextInt(3) == 0 ? -random.nextInt(10) : random.nextInt(5_000));
                    case 's' -> random.nextInt(4) == 0 ? pick(RandomJson.STRINGS).replace("\\", "") : resultId();
                    case 'p' -> outside.toString();
                    default -> "%" + kind;
                });
            } else {
                out.append(c);
            }
        }
        int roll = random.nextInt(20);
        if (roll == 0) {
            return "(".repeat(500 + random.nextInt(1_000)) + out + ")".repeat(random.nextInt(1_500));
        }
        return roll == 1 ? out + " -- " + pick(RandomJson.STRINGS) : out.toString();
    }

    private Request put() {
        String name = random.nextInt(5) == 0 ? json.string() : "\"step_" + random.nextInt(5) + "\"";
        String body = json.mangle(json.objectWith(
                List.of("name", "data", "scope", "ttl", "store", "source_step", "correlation", "extracted", "compress"),
                List.of(name, random.nextInt(6) == 0 ? json.deep(random.nextInt(1_200)) : json.value(4),
                        pick(List.of("\"step\"", "\"execution\"", "\"workflow\"", "\"permanent\"")),
                        pick(List.of("\"1h\"", "\"30s\"", "3600", "\"forever\"", "-1")),
                        pick(List.of("null", "\"db\"", "\"disk\"", "\"object\"")), json.string(), json.object(2),
                        json.object(2), pick(List.of("true", "false")))));
        Map<String, String> headers = jsonHeaders();
        if (random.nextInt(4) == 0) {
            headers.put("Idempotency-Key", pick(List.of("k1", "k2", "", "x".repeat(300), "é", "\u00ff\u00fe")));
        }
        return new Request("PUT", "/api/result/" + pick(EIDS), headers, utf8(body));
    }

    private Request deletePayloads() {
        return switch (random.nextInt(3)) {
            case 0 -> new Request("DELETE", "/api/result/" + pick(EIDS) + params(), headers(), null);
            case 1 -> new Request("DELETE", "/api/result/" + pick(EIDS) + "/step/" + pick(NAMES), headers(), null);
            default -> new Request("DELETE", "/api/result/ref?ref=" + ref(), headers(), null);
        };
    }

    private String params() {
        if (random.nextInt(3) == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder("?");
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            String value = random.nextBoolean() ? pick(RandomJson.NUMBERS) : pick(List.of("ready", "failed", "csv",
                    "parquet", "arrow", "jsonl", "true", "false", "step", "execution", "%00", "%FF", "", "..", "a%2Fb"));
            sb.append(i > 0 ? "&" : "").append(pick(PARAMS)).append('=').append(value.replace("+", "%2B"));
        }
        return sb.toString();
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        switch (random.nextInt(8)) {
            case 0 -> headers.put("Accept", pick(ACCEPTS));
            case 1 -> headers.put("Range", pick(List.of("bytes=0-10", "bytes=-5", "bytes=5-", "bytes=9-1",
                    "bytes=0-0,2-3", "bytes=99999999999999999999-", "items=1-2", "bytes=a-b")));
            case 2 -> headers.put("Authorization", pick(List.of("Bearer x", "Basic YTpi", "Bearer ", "\u00e9")));
            case 3 -> headers.put("X-" + random.nextInt(100), pick(RandomJson.STRINGS));
            case 4 -> headers.put("Content-Encoding", pick(List.of("gzip", "br", "identity", "x")));
            default -> { }
        }
        return headers;
    }

    private Map<String, String> jsonHeaders() {
        Map<String, String> headers = headers();
        headers.put("Content-Type", random.nextInt(6) == 0 ? pick(CONTENT_TYPES) : "application/json");
        return headers;
    }

    private byte[] maybeBody() {
        return random.nextBoolean() ? null : utf8(json.mangle(json.value(3)));
    }

    private String resultId() {
        return random.nextInt(5) == 0 ? pick(EIDS) : pick(known.results);
    }

    private String runId() {
        return random.nextInt(5) == 0 ? pick(EIDS) : pick(known.runs);
    }

    private String ref() {
        String ref = random.nextInt(4) == 0 ? "noetl://execution/" + pick(EIDS) + "/result/" + pick(NAMES) + "/"
                + pick(RandomJson.NUMBERS) : pick(known.refs);
        return random.nextInt(5) == 0 ? ref : URLEncoder.encode(ref, StandardCharsets.UTF_8);
    }

    private String pick(List<String> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
