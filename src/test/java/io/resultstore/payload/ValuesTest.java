package io.resultstore.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.resultstore.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Refs, TTLs, scopes and the canonical JSON form. */
class ValuesTest {
    @Test
    void refsParseWithSlashesInNamesAndFormatBack() {
        NoetlRef ref = NoetlRef.parse("noetl://execution/42/result/loop/item/3/610011223344556677");
        assertThat(ref.executionId()).isEqualTo("42");
        assertThat(ref.name()).isEqualTo("loop/item/3");
        assertThat(ref.id()).isEqualTo(610011223344556677L);
        assertThat(ref.format()).isEqualTo("noetl://execution/42/result/loop/item/3/610011223344556677");
        assertThat(NoetlRef.parse("noetl://execution/a.b_c-D/result/result/1").name()).isEqualTo("result");
    }

    @Test
    void malformedRefsAreBadRequests() {
        for (String bad : new String[] {"noetl://execution/42/result/a", "noetl://execution/42/results/a/1",
                "noetl://execution/../result/a/1x", "noetl://execution/" + "e".repeat(129) + "/result/a/1",
                "noetl://execution/42/result/a//1", "noetl://execution/42/result/a/-1"}) {
            assertThatThrownBy(() -> NoetlRef.parse(bad)).as(bad).isInstanceOf(ApiException.class);
        }
    }

    @Test
    void ttlsParseUnitsSecondsAndForever() {
        assertThat(Ttl.parse("30s")).contains(Duration.ofSeconds(30));
        assertThat(Ttl.parse("30m")).contains(Duration.ofMinutes(30));
        assertThat(Ttl.parse("1h")).contains(Duration.ofHours(1));
        assertThat(Ttl.parse("2d")).contains(Duration.ofDays(2));
        assertThat(Ttl.parse("1w")).contains(Duration.ofDays(7));
        assertThat(Ttl.parse("1y")).contains(Duration.ofDays(365));
        assertThat(Ttl.parse("3600")).contains(Duration.ofHours(1));
        assertThat(Ttl.parse(JsonNodeFactory.instance.numberNode(90))).contains(Duration.ofSeconds(90));
        assertThat(Ttl.parse(JsonNodeFactory.instance.textNode("1h"))).contains(Duration.ofHours(1));
        assertThatThrownBy(() -> Ttl.parse(JsonNodeFactory.instance.booleanNode(true))).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> Ttl.parse(JsonNodeFactory.instance.numberNode(1.5))).isInstanceOf(ApiException.class);
        assertThat(Ttl.parse("forever")).isEqualTo(Optional.empty());
        assertThat(Ttl.parse("permanent")).isEqualTo(Optional.empty());
        assertThat(Ttl.parse("-1")).isEqualTo(Optional.empty());
        for (String bad : new String[] {"", "0", "0s", "-2", "1x", "h", "1.5h", "99999999999999y"}) {
            assertThatThrownBy(() -> Ttl.parse(bad)).as(bad).isInstanceOf(ApiException.class);
        }
    }

    @Test
    void scopesIncludeNarrowerOnes() {
        assertThat(Scope.WORKFLOW.andNarrower()).containsExactly(Scope.STEP, Scope.EXECUTION, Scope.WORKFLOW);
        assertThat(Scope.STEP.andNarrower()).containsExactly(Scope.STEP);
        assertThat(Scope.parse("permanent")).isEqualTo(Scope.PERMANENT);
        assertThatThrownBy(() -> Scope.parse("Step")).isInstanceOf(ApiException.class);
    }

    @Test
    void canonicalJsonSortsKeysByCodePointAndKeepsNumbersExact() throws Exception {
        String in = "{\"b\": [3, 1.50, 1e400, 123456789012345678901234567890], \"a\": {\"z\": null, \"\uD83D\uDE00\": 1,"
                + " \"\uFFFF\": 2}, \"é\": \"ü\"}";
        String out = new String(CanonicalJson.bytes(CanonicalJson.READER.readTree(in)), StandardCharsets.UTF_8);
        assertThat(out).isEqualTo("{\"a\":{\"z\":null,\"\uFFFF\":2,\"\uD83D\uDE00\":1},"
                + "\"b\":[3,1.50,1E+400,123456789012345678901234567890],\"é\":\"ü\"}");
    }

    @Test
    void canonicalJsonHandlesDeepNestingWithoutRecursion() throws Exception {
        int depth = 5000;
        String in = "[".repeat(depth) + "{\"k\":1}" + "]".repeat(depth);
        byte[] out = CanonicalJson.bytes(CanonicalJson.READER.readTree(in));
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(in);
    }
}
