package io.resultstore.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.testing.Http;
import io.resultstore.testing.SharedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every engine type the API promises to encode, inline and again when paged from the Parquet file. */
class ValueEncodingTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer();
    static final Http http = server.http();

    private static JsonNode row(String selectList) {
        Http.Response r = http.query("SELECT " + selectList);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("rows").path(0);
    }

    private static JsonNode persistedRow(String selectList) {
        Http.Response r = http.query("SELECT " + selectList);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode result = http.awaitResult(r.json().path("result_id").asText());
        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("ready");
        return result.path("rows").path(0);
    }

    @Test
    void integersStayNumbersUntilTheyPassTwoToThe53() {
        String sql = "1::TINYINT, 300::SMALLINT, 70000::INTEGER, 9007199254740992::BIGINT, 9007199254740993::BIGINT,"
                + " -9007199254740993::BIGINT, 170141183460469231731687303715884105727::HUGEINT, 5::HUGEINT,"
                + " 18446744073709551615::UBIGINT, 255::UTINYINT, 4294967295::UINTEGER";
        String expected = "[1,300,70000,9007199254740992,\"9007199254740993\",\"-9007199254740993\","
                + "\"170141183460469231731687303715884105727\",5,\"18446744073709551615\",255,4294967295]";
        assertThat(row(sql).toString()).isEqualTo(expected);
        assertThat(persistedRow(sql).toString()).isEqualTo(expected);
    }

    @Test
    void decimalsAreExactNumbersAndNonFiniteFloatsAreStrings() {
        String sql = "1.50::DECIMAL(10,2), 123456789012345678.123::DECIMAL(38,3), 0.5::DOUBLE, 1.25::FLOAT,"
                + " 'nan'::DOUBLE, 'inf'::DOUBLE, '-inf'::DOUBLE, 'nan'::FLOAT";
        String expected = "[1.5,123456789012345678.123,0.5,1.25,\"NaN\",\"Infinity\",\"-Infinity\",\"NaN\"]";
        assertThat(row(sql).toString()).isEqualTo(expected);
        assertThat(persistedRow(sql).toString()).isEqualTo(expected);
        // The scale survives on the wire, not only the value.
        assertThat(http.query("SELECT 1.50::DECIMAL(10,2) AS d").body()).contains("[[1.50]]");
    }

    @Test
    void temporalValuesAreIsoStrings() {
        String sql = "DATE '2024-02-29', TIMESTAMP '2024-01-02 03:04:05.123456', TIMESTAMPTZ '2024-01-02 03:04:05+02',"
                + " TIME '13:14:15', INTERVAL 90 MINUTE";
        JsonNode row = row(sql);
        assertThat(row.path(0).asText()).isEqualTo("2024-02-29");
        assertThat(row.path(1).asText()).isEqualTo("2024-01-02T03:04:05.123456");
        assertThat(row.path(2).asText()).isEqualTo("2024-01-02T01:04:05Z");
        assertThat(row.path(3).asText()).isEqualTo("13:14:15");
        assertThat(row.path(4).isTextual()).isTrue();
        assertThat(persistedRow(sql).toString()).isEqualTo(row.toString());
    }

    @Test
    void infiniteTimestampsKeepTheirSignInlineAndPersisted() {
        // The JDBC driver's own object for -infinity printed as +290309-12-21T19:59:05.224193.
        String sql = "'infinity'::TIMESTAMP, '-infinity'::TIMESTAMP";
        String expected = "[\"+294247-01-10T04:00:54.775807\",\"-290308-12-21T19:59:05.224193\"]";
        assertThat(row(sql).toString()).isEqualTo(expected);
        assertThat(persistedRow(sql).toString()).isEqualTo(expected);
    }

    @Test
    void uuidBlobBooleanAndNull() {
        String sql = "'6ba7b810-9dad-11d1-80b4-00c04fd430c8'::UUID, '\\x00\\xFFab'::BLOB, true, NULL, 'héllo ✓'";
        String expected = "[\"6ba7b810-9dad-11d1-80b4-00c04fd430c8\",\"AP9hYg==\",true,null,\"héllo ✓\"]";
        assertThat(row(sql).toString()).isEqualTo(expected);
        assertThat(persistedRow(sql).toString()).isEqualTo(expected);
    }

    @Test
    void nestedValuesAreArraysAndObjects() {
        String sql = "[1, 2, NULL], {'a': 1, 'b': [true]}, MAP {'k1': 10, 'k2': 20}, [[1.5::DOUBLE], []],"
                + " [{'x': 'nan'::DOUBLE}], [1, 2]::INTEGER[2], [9007199254740993]";
        String expected = "[[1,2,null],{\"a\":1,\"b\":[true]},{\"k1\":10,\"k2\":20},[[1.5],[]],"
                + "[{\"x\":\"NaN\"}],[1,2],[\"9007199254740993\"]]";
        assertThat(row(sql).toString()).isEqualTo(expected);
        assertThat(persistedRow(sql).toString()).isEqualTo(expected);
    }

    @Test
    void valuesParquetCannotHoldSurviveAsTheirEngineType() {
        String sql = "170141183460469231731687303715884105727::HUGEINT AS h, [1::HUGEINT, NULL] AS l,"
                + " {'m': 340282366920938463463374607431768211455::UHUGEINT} AS s, '1011'::BIT AS b,"
                + " '-123456789012345678901234567890123456789012345'::VARINT AS v";
        String expected = "[\"170141183460469231731687303715884105727\",[1,null],"
                + "{\"m\":\"340282366920938463463374607431768211455\"},\"1011\","
                + "\"-123456789012345678901234567890123456789012345\"]";
        assertThat(row(sql).toString()).isEqualTo(expected);
        Http.Response r = http.query("SELECT " + sql);
        String id = r.json().path("result_id").asText();
        assertThat(http.awaitResult(id).path("rows").path(0).toString()).isEqualTo(expected);
        Http.Response typed = http.query("SELECT typeof(h) AS t, h - 1 AS d, typeof(v) AS tv FROM results.\"" + id + "\"");
        assertThat(typed.json().path("rows").toString())
                .isEqualTo("[[\"HUGEINT\",\"170141183460469231731687303715884105726\",\"BIGNUM\"]]");
    }

    @Test
    void nullabilityIsReportedPerColumn() {
        Http.Response r = http.query("SELECT 1 AS a, NULL::INT AS b, x AS c FROM (VALUES (1), (NULL)) t(x)");
        assertThat(r.json().path("nullable").toString()).isEqualTo("[false,true,true]");
        assertThat(r.json().path("columns").toString()).isEqualTo("[\"a\",\"b\",\"c\"]");
    }
}
