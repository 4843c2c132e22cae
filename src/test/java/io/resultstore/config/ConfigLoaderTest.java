package io.resultstore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheDocumentedOnes() {
        Config c = ConfigLoader.fromMap(Map.of());
        assertThat(c.server().host()).isEqualTo("127.0.0.1");
        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.server().maxBody()).isEqualTo(64L << 20);
        assertThat(c.server().flightPort()).isEqualTo(8815);
        assertThat(ConfigKeys.envName("flight.port")).isEqualTo("RESULTSTORE_FLIGHT_PORT");
        assertThat(c.server().flightInfoWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.dataDir()).isEqualTo(Path.of("./resultstore-data"));
        assertThat(c.catalog().type()).isEqualTo("sqlite");
        assertThat(c.storage().type()).isEqualTo("filesystem");
        assertThat(c.storage().region()).isEqualTo("us-east-1");
        assertThat(c.query().waitTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.query().timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.query().maxInlineRows()).isEqualTo(10_000);
        assertThat(c.query().reuseTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(c.results().retention()).isEqualTo(Duration.ofDays(7));
        assertThat(c.results().staleAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.results().maxBytes()).isEqualTo(10L << 30);
        assertThat(c.persistence().concurrency()).isEqualTo(4);
        assertThat(c.persistence().enabled()).isTrue();
        assertThat(c.payloads().inlineMaxBytes()).isEqualTo(64L << 10);
        assertThat(c.payloads().stepTtl()).isEqualTo(Duration.ofDays(1));
        assertThat(c.payloads().executionTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(c.payloads().workflowTtl()).isEqualTo(Duration.ofDays(30));
        assertThat(c.authTokens()).isEmpty();
        assertThat(c.files().maxBytes()).isEqualTo(10L << 30);
        assertThat(c.files().uploadTtl()).isEqualTo(Duration.ofDays(1));
        assertThat(c.nodeId()).isBetween(0, 1023);
        assertThat(c.server().shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.catalog().schema()).isEqualTo("resultstore");
        assertThat(c.admission().maxConcurrent()).isEqualTo(c.engine().threads() * 2);
        assertThat(c.admission().queueTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.admission().maxSqlBytes()).isEqualTo(1L << 20);
        assertThat(c.admission().maxBacklog()).isEqualTo(64);
        assertThat(c.trino()).isEmpty();
        assertThat(c.connections().secretsKey()).isEmpty();
        assertThat(c.connections().fetchSize()).isEqualTo(10_000);
        assertThat(c.connections().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void connectionKeysAndTheSecretKeyNeverShown() {
        assertThat(ConfigKeys.defaults()).containsEntry("secrets.key", "").containsEntry("connections.fetch_size", "10000")
                .containsEntry("connections.connect_timeout", "10s");
        assertThat(ConfigKeys.envName("secrets.key")).isEqualTo("RESULTSTORE_SECRETS_KEY");
        Config c = ConfigLoader.fromMap(Map.of("secrets.key", "c2VjcmV0LWtleS1zZWNyZXQta2V5LXNlY3JldC1rZXk=",
                "connections.fetch_size", "500", "connections.connect_timeout", "3s"));
        assertThat(c.connections().secretsKey()).contains("c2VjcmV0LWtleS1zZWNyZXQta2V5LXNlY3JldC1rZXk=");
        assertThat(c.connections().fetchSize()).isEqualTo(500);
        assertThat(c.connections().toString()).doesNotContain("c2VjcmV0");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("connections.fetch_size", "0")))
                .hasMessageContaining("connections.fetch_size");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("secrets.key", "not base64!")))
                .hasMessage("secrets.key must be base64 (e.g. the output of openssl rand -base64 32)");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("secrets.key", "c2hvcnQ=")))
                .hasMessage("secrets.key must decode to 16, 24 or 32 bytes, got 5");
    }

    @Test
    void operationalKeysAreReadAndChecked() {
        Config c = ConfigLoader.fromMap(Map.of("engine.threads", "3", "server.shutdown_grace", "2s",
                "catalog.schema", "rs_two", "query.queue_timeout", "0s", "query.max_sql_bytes", "4KiB",
                "persistence.max_backlog", "9"));
        assertThat(c.admission().maxConcurrent()).isEqualTo(6);
        assertThat(c.server().shutdownGrace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.catalog().schema()).isEqualTo("rs_two");
        assertThat(c.admission().queueTimeout()).isZero();
        assertThat(c.admission().maxSqlBytes()).isEqualTo(4096);
        assertThat(c.admission().maxBacklog()).isEqualTo(9);
        assertThat(ConfigLoader.fromMap(Map.of("query.max_concurrent", "7")).admission().maxConcurrent()).isEqualTo(7);
        for (String bad : new String[] {"Public", "1abc", "a-b", "a;drop", "pg_catalog", "", "x".repeat(64)}) {
            assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("catalog.schema", bad)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("catalog.schema must be a lower-case identifier (a-z, 0-9, _; starting with a letter"
                            + " or _, not pg_; at most 63 characters), got '" + bad + "'");
        }
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("query.max_concurrent", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("query.max_concurrent");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("query.max_sql_bytes", "0")))
                .isInstanceOf(ConfigException.class).hasMessage("query.max_sql_bytes must be at least 1");
    }

    @Test
    void trinoKeysAndDefaults() {
        assertThat(ConfigKeys.defaults()).containsEntry("engines.trino.url", "")
                .containsEntry("engines.trino.user", "resultstore").containsEntry("engines.trino.token", "")
                .containsEntry("engines.trino.catalog", "").containsEntry("engines.trino.schema", "");
        assertThat(ConfigKeys.envName("engines.trino.url")).isEqualTo("RESULTSTORE_ENGINES_TRINO_URL");
        Config.TrinoSettings t = ConfigLoader.fromMap(Map.of("engines.trino.url", "http://127.0.0.1:8081",
                "engines.trino.catalog", "tpch", "engines.trino.schema", "tiny")).trino().orElseThrow();
        assertThat(t.url()).hasToString("http://127.0.0.1:8081");
        assertThat(t.user()).isEqualTo("resultstore");
        assertThat(t.token()).isEmpty();
        assertThat(t.catalog()).contains("tpch");
        assertThat(t.schema()).contains("tiny");
        Config.TrinoSettings secure = ConfigLoader.fromMap(Map.of("engines.trino.url", "https://trino.example:443",
                "engines.trino.user", "etl", "engines.trino.token", "s3cret")).trino().orElseThrow();
        assertThat(secure.token()).contains("s3cret");
        assertThat(secure.toString()).doesNotContain("s3cret");
    }

    @Test
    void badTrinoSettingsAreRejectedWithTheKeyNamed() {
        for (String url : new String[] {"trino:8080", "ftp://h:1", "http://", "http://h:1/catalog", "http://u:p@h:1",
                "http://h:1?x=1", "jdbc:trino://h:1"}) {
            assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("engines.trino.url", url)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("engines.trino.url must be http(s)://host:port, got '" + url + "'");
        }
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("engines.trino.url", "http://h:1",
                "engines.trino.token", "t")))
                .isInstanceOf(ConfigException.class).hasMessage("engines.trino.token needs an https engines.trino.url");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("engines.trino.url", "http://h:1",
                "engines.trino.schema", "tiny")))
                .isInstanceOf(ConfigException.class).hasMessage("engines.trino.schema needs engines.trino.catalog");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("engines.trino.url", "http://h:1",
                "engines.trino.user", " ")))
                .isInstanceOf(ConfigException.class).hasMessage("engines.trino.user must not be empty");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("engines.trino.catalog", "tpch")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("engines.trino.url is required when other engines.trino.* keys are set");
    }

    @Test
    void everyKeyHasItsEnvironmentName() {
        assertThat(ConfigKeys.envName("server.port")).isEqualTo("RESULTSTORE_SERVER_PORT");
        assertThat(ConfigKeys.envName("query.max_inline_rows")).isEqualTo("RESULTSTORE_QUERY_MAX_INLINE_ROWS");
        assertThat(ConfigKeys.envName("payloads.ttl.step")).isEqualTo("RESULTSTORE_PAYLOADS_TTL_STEP");
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults() throws IOException {
        Path file = dir.resolve("rs.properties");
        Files.writeString(file, "server.port=1111\nquery.max_inline_rows=5\nresults.retention=1d\n");
        Config c = ConfigLoader.load(Optional.of(file),
                Map.of("RESULTSTORE_SERVER_PORT", "2222", "RESULTSTORE_QUERY_MAX_INLINE_ROWS", "7",
                        "RESULTSTORE_AUTH_TOKENS", "a, b,,"),
                Map.of("server.port", "3333"));
        assertThat(c.server().port()).isEqualTo(3333);
        assertThat(c.query().maxInlineRows()).isEqualTo(7);
        assertThat(c.results().retention()).isEqualTo(Duration.ofDays(1));
        assertThat(c.authTokens()).containsExactly("a", "b");
    }

    @Test
    void awsVariablesAreTheCredentialFallback() {
        Config c = ConfigLoader.load(Optional.empty(),
                Map.of("AWS_ACCESS_KEY_ID", "ak", "AWS_SECRET_ACCESS_KEY", "sk"), Map.of());
        assertThat(c.storage().accessKey()).contains("ak");
        assertThat(c.storage().secretKey()).contains("sk");
    }

    @Test
    void unitsAcceptTheDocumentedForms() {
        assertThat(Units.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Units.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Units.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Units.parseSize("64KiB")).isEqualTo(65_536);
        assertThat(Units.parseSize("1GiB")).isEqualTo(1L << 30);
    }

    @Test
    void badValuesAreRejectedAtStartWithTheKeyNamed() {
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("server.port", "http")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.port");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("results.retention", "forever")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("results.retention");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("catalog.type", "oracle")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("catalog.type");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("catalog.type", "postgres")))
                .isInstanceOf(ConfigException.class).hasMessage("catalog.url is required when catalog.type is postgres");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("no.such.key", "1")))
                .isInstanceOf(ConfigException.class).hasMessage("unknown config key 'no.such.key' in flags");
    }

    @Test
    void unknownKeysInTheFileAreAnError() throws IOException {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "server.prot=1\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown config key 'server.prot'");
    }
}
