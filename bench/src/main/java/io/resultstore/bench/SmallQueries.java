package io.resultstore.bench;

import java.util.List;
import java.util.Map;

/** Scenario 1: {@code POST /query SELECT 42} at concurrency 1 and 16, persistence on. */
final class SmallQueries {
    private SmallQueries() {}

    static void run(Options options, Report report) throws Exception {
        try (ServerProcess server = ServerProcess.start(options, "small", List.of(), Map.of());
                Client client = new Client()) {
            String url = server.url() + "/query";
            byte[] body = Client.bytes(Client.query("SELECT 42"));
            Client.Call call = i -> client.post(url, body).expect(200);
            // Warm up at full concurrency until the JIT has compiled the hot paths: steady state is what is judged.
            Client.load(16, options.size(6000, 500), null, call);

            int n1 = options.size(2000, 400);
            Stats c1 = new Stats(n1);
            long wall1 = Client.load(1, n1, c1, call);
            report.absolute("1 SELECT 42 c=1", "p50", c1.medianMs(), "ms", 3, false);
            report.info("1 SELECT 42 c=1", "p99", fmtMs(c1.percentileMs(99)), "-");
            report.info("1 SELECT 42 c=1", "throughput", Report.fmt(n1 / (wall1 / 1e9)) + " req/s", "-");

            int n16 = options.size(8000, 2000);
            Stats c16 = new Stats(n16);
            long cpu0 = server.cpuNanos();
            long wall16 = Client.load(16, n16, c16, call);
            double cpuMs = (server.cpuNanos() - cpu0) / 1e6 / n16;
            report.info("1 SELECT 42 c=16", "p50 / p99", fmtMs(c16.medianMs()) + " / " + fmtMs(c16.percentileMs(99)),
                    "-");
            report.absolute("1 SELECT 42 c=16", "throughput", n16 / (wall16 / 1e9), "req/s", 1000, true);
            report.info("1 SELECT 42 c=16", "server CPU per request", fmtMs(cpuMs), "-");
        }
    }

    static String fmtMs(double ms) {
        return Report.fmt(ms) + " ms";
    }
}
