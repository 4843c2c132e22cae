package io.resultstore.cli;

import io.resultstore.config.Config;
import io.resultstore.config.ConfigException;
import io.resultstore.config.ConfigLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "resultstore", mixinStandardHelpOptions = true, version = "ResultStore",
        description = "A SQL query server whose every result is kept.",
        subcommands = {Main.Serve.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the server.")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--config", description = "properties file with config keys") Path configFile;
        @Option(names = "--host", description = "server.host") String host;
        @Option(names = "--port", description = "server.port") Integer port;
        @Option(names = "--data-dir", description = "data.dir") Path dataDir;

        @Override
        public Integer call() throws InterruptedException {
            Map<String, String> flags = new LinkedHashMap<>();
            if (host != null) {
                flags.put("server.host", host);
            }
            if (port != null) {
                flags.put("server.port", port.toString());
            }
            if (dataDir != null) {
                flags.put("data.dir", dataDir.toString());
            }
            Config config;
            try {
                config = ConfigLoader.load(Optional.ofNullable(configFile), System.getenv(), flags);
            } catch (ConfigException e) {
                System.err.println("resultstore: " + e.getMessage());
                return 2;
            }
            Application app;
            try {
                app = Application.start(config);
            } catch (IllegalStateException e) {
                // A start-up refusal that names its fix (data directory in use, catalog left in another schema).
                System.err.println("resultstore: " + e.getMessage());
                return 1;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                stopped.countDown();
            }, "shutdown"));
            System.out.println("ResultStore " + Application.VERSION + " listening on " + app.url());
            System.out.flush();
            stopped.await();
            return 0;
        }
    }
}
