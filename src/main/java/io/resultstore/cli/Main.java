package io.resultstore.cli;

import io.resultstore.cli.remote.ClientCommands;
import io.resultstore.cli.remote.Io;
import io.resultstore.config.Config;
import io.resultstore.config.ConfigException;
import io.resultstore.config.ConfigLoader;
import io.resultstore.observe.LogFormat;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "resultstore", mixinStandardHelpOptions = true, version = "ResultStore",
        description = "A SQL query server whose every result is kept, and a client of it.",
        subcommands = {Main.Serve.class}, footer = {"", ClientCommands.EXAMPLES})
public final class Main implements Runnable {
    @Spec CommandSpec spec;

    public static void main(String[] args) throws InterruptedException {
        Optional<ServeArgs> serve = ServeArgs.parse(args);
        if (serve.isPresent()) {
            Preload.start();
            System.exit(Serve.serve(serve.get()));
        }
        System.exit(commandLine(Io.system()).execute(args));
    }

    /** {@code serve} and the client commands, writing to {@code io}. */
    public static CommandLine commandLine(Io io) {
        return ClientCommands.register(new CommandLine(new Main()), io);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = {"Start the server.",
            "Example: resultstore serve --port 8080 --data-dir ./resultstore-data"})
    static final class Serve implements Callable<Integer> {
        @Option(names = "--config", description = "properties file with config keys") Path configFile;
        @Option(names = "--host", description = "server.host") String host;
        @Option(names = "--port", description = "server.port") Integer port;
        @Option(names = "--data-dir", description = "data.dir") Path dataDir;

        @Override
        public Integer call() throws InterruptedException {
            return serve(new ServeArgs(Optional.ofNullable(configFile), host, port, dataDir));
        }

        static int serve(ServeArgs args) throws InterruptedException {
            Config config;
            try {
                config = ConfigLoader.load(args.configFile(), System.getenv(), args.flags());
            } catch (ConfigException e) {
                System.err.println("resultstore: " + e.getMessage());
                return 2;
            }
            LogFormat.apply(config.server().logFormat());
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
