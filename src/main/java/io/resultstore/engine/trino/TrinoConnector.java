package io.resultstore.engine.trino;

import static java.util.Objects.requireNonNull;

import io.resultstore.config.Config;
import io.trino.jdbc.TrinoDriver;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/** Opens JDBC connections to the configured Trino coordinator. A connection costs no round trip until used. */
final class TrinoConnector implements AutoCloseable {
    private final Config.TrinoSettings settings;
    private final String jdbcUrl;
    private final TrinoDriver driver = new TrinoDriver();

    TrinoConnector(Config.TrinoSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
        URI url = settings.url();
        int port = url.getPort() >= 0 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
        String path = settings.catalog().map(c -> "/" + c + settings.schema().map(s -> "/" + s).orElse("")).orElse("");
        this.jdbcUrl = "jdbc:trino://" + url.getHost() + ":" + port + path;
    }

    URI url() {
        return settings.url();
    }

    Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", settings.user());
        props.setProperty("source", "resultstore");
        if ("https".equals(settings.url().getScheme())) {
            props.setProperty("SSL", "true");
        }
        settings.token().ifPresent(t -> props.setProperty("accessToken", t));
        Connection c = driver.connect(jdbcUrl, props);
        if (c == null) {
            throw new SQLException("the Trino driver does not accept " + jdbcUrl);
        }
        return c;
    }

    @Override
    public void close() {
        try {
            driver.close();
        } catch (Exception ignored) {
            // the driver's HTTP client threads stop with the process anyway
        }
    }
}
