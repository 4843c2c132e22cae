package io.resultstore.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.resultstore.common.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The one serialization payload hashes are taken over: compact UTF-8 JSON, object keys sorted by code point at
 * every level, numbers exactly as parsed (integers of any size, decimals as {@code BigDecimal}). Equal data gives
 * equal bytes whatever key order or spacing the client sent. Written without recursion so that nesting as deep as
 * the parser admits cannot overflow the stack.
 */
public final class CanonicalJson {
    private static final java.util.Comparator<String> CODE_POINT_ORDER = CanonicalJson::compareCodePoints;

    /**
     * Parses payloads keeping decimals as written ({@code 1.0} stays {@code 1.0}, not {@code 1}), so that data
     * round-trips with the same types a client sent.
     */
    public static final ObjectReader READER = Json.MAPPER.reader()
            .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);

    /** Writes astral characters as UTF-8, not as escaped surrogate pairs, and nests as deep as the parser allows. */
    private static final JsonFactory WRITER = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .streamWriteConstraints(StreamWriteConstraints.builder()
                    .maxNestingDepth(Json.MAPPER.getFactory().streamReadConstraints().getMaxNestingDepth() + 1)
                    .build())
            .build();

    private CanonicalJson() {}

    public static byte[] bytes(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = WRITER.createGenerator(out)) {
            write(node, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonNode root, JsonGenerator g) throws IOException {
        // Each frame is an open container: an iterator over its children (sorted fields for objects).
        Deque<Iterator<?>> stack = new ArrayDeque<>();
        Deque<Boolean> isObject = new ArrayDeque<>();
        JsonNode next = root;
        while (true) {
            if (next != null) {
                if (next.isObject()) {
                    g.writeStartObject();
                    stack.push(sortedFields(next));
                    isObject.push(true);
                } else if (next.isArray()) {
                    g.writeStartArray();
                    stack.push(next.elements());
                    isObject.push(false);
                } else {
                    writeScalar(next, g);
                }
                next = null;
            }
            if (stack.isEmpty()) {
                return;
            }
            Iterator<?> top = stack.peek();
            if (!top.hasNext()) {
                stack.pop();
                if (isObject.pop()) {
                    g.writeEndObject();
                } else {
                    g.writeEndArray();
                }
                continue;
            }
            Object child = top.next();
            if (child instanceof Map.Entry<?, ?> field) {
                g.writeFieldName((String) field.getKey());
                next = (JsonNode) field.getValue();
            } else {
                next = (JsonNode) child;
            }
        }
    }

    private static Iterator<Map.Entry<String, JsonNode>> sortedFields(JsonNode object) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.size());
        object.properties().forEach(fields::add);
        if (fields.size() > 1) {
            fields.sort(Map.Entry.comparingByKey(CODE_POINT_ORDER));
        }
        return fields.iterator();
    }

    private static void writeScalar(JsonNode n, JsonGenerator g) throws IOException {
        switch (n.getNodeType()) {
            case STRING -> g.writeString(n.textValue());
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case NULL, MISSING -> g.writeNull();
            case NUMBER -> {
                if (n.isIntegralNumber()) {
                    if (n.isBigInteger()) {
                        g.writeNumber(n.bigIntegerValue());
                    } else {
                        g.writeNumber(n.longValue());
                    }
                } else if (n.isBigDecimal()) {
                    g.writeNumber(n.decimalValue());
                } else {
                    g.writeNumber(n.doubleValue());
                }
            }
            // Binary and POJO nodes never come out of the parser; render them as Jackson would.
            default -> g.writeRawValue(Json.MAPPER.writeValueAsString(n));
        }
    }

    /** Python's {@code sort_keys} order: by Unicode code point, not by UTF-16 unit. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
