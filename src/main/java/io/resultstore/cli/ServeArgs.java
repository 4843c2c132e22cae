package io.resultstore.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The options of {@code serve}, and a parser for the plain case: {@code serve} followed by each of its four options
 * at most once, as {@code --name value} or {@code --name=value}. Picocli's first use (building its model of the
 * commands by reflection) took ~0.25 s of a ~1.8 s start on a 2-core machine, so a start with plain arguments
 * skips it; anything else ({@code --help}, {@code --version}, an unknown or repeated option, a port that is not a
 * number, a path the file system refuses, a missing value) goes to picocli, which answers or refuses it exactly as before.
 */
record ServeArgs(Optional<Path> configFile, String host, Integer port, Path dataDir) {

    /** The server's command-line overrides as config keys (after the environment, before nothing). */
    Map<String, String> flags() {
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
        return flags;
    }

    /** The options of a plain {@code serve} command line, or empty when picocli should read it. */
    static Optional<ServeArgs> parse(String[] args) {
        if (args.length == 0 || !args[0].equals("serve")) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            String value;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return Optional.empty();
            }
            boolean known = name.equals("--config") || name.equals("--host") || name.equals("--port")
                    || name.equals("--data-dir");
            if (!known || value.isEmpty() || value.startsWith("-") || values.putIfAbsent(name, value) != null) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(new ServeArgs(Optional.ofNullable(values.get("--config")).map(Path::of),
                    values.get("--host"), values.containsKey("--port") ? Integer.valueOf(values.get("--port")) : null,
                    Optional.ofNullable(values.get("--data-dir")).map(Path::of).orElse(null)));
        } catch (NumberFormatException | InvalidPathException e) {
            return Optional.empty(); // picocli names the option and the bad value
        }
    }
}
