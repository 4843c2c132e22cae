package io.resultstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plain {@code serve} command lines skip picocli and mean what picocli made of them; the rest go to picocli. */
class ServeArgsTest {

    @Test
    void plainServeLinesAreReadInBothSpellings() {
        ServeArgs args = parse("serve", "--host", "127.0.0.1", "--port=9090", "--data-dir", "/var/rs",
                "--config=/etc/rs.properties").orElseThrow();
        assertThat(args.configFile()).contains(Path.of("/etc/rs.properties"));
        assertThat(args.flags()).isEqualTo(Map.of("server.host", "127.0.0.1", "server.port", "9090",
                "data.dir", "/var/rs"));
        assertThat(parse("serve").orElseThrow().flags()).isEmpty();
        assertThat(parse("serve").orElseThrow().configFile()).isEmpty();
    }

    @Test
    void theSameArgumentsThroughPicocliGiveTheSameFlags() {
        Main.Serve serve = new Main.Serve();
        new picocli.CommandLine(serve).parseArgs("--host", "127.0.0.1", "--port=9090", "--data-dir", "/var/rs");
        ServeArgs viaPicocli = new ServeArgs(Optional.ofNullable(serve.configFile), serve.host, serve.port,
                serve.dataDir);
        assertThat(viaPicocli.flags())
                .isEqualTo(parse("serve", "--host", "127.0.0.1", "--port=9090", "--data-dir", "/var/rs")
                        .orElseThrow().flags());
    }

    @Test
    void anythingElseIsLeftToPicocli() {
        assertThat(parse()).isEmpty();
        assertThat(parse("query", "SELECT 1")).isEmpty();
        assertThat(parse("serve", "--help")).isEmpty();
        assertThat(parse("serve", "-h")).isEmpty();
        assertThat(parse("serve", "--version")).isEmpty();
        assertThat(parse("serve", "--verbose", "x")).isEmpty();
        assertThat(parse("serve", "--port")).isEmpty();
        assertThat(parse("serve", "--port", "eighty")).isEmpty();
        assertThat(parse("serve", "--port=")).isEmpty();
        assertThat(parse("serve", "--port", "1", "--port", "2")).isEmpty();
        assertThat(parse("serve", "--host", "--port", "1")).isEmpty();
        assertThat(parse("serve", "extra")).isEmpty();
        assertThat(parse("serve", "--data-dir", "a\0b")).isEmpty();
    }

    private static Optional<ServeArgs> parse(String... args) {
        return ServeArgs.parse(args);
    }
}
