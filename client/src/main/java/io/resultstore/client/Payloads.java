package io.resultstore.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.util.Optional;

/** The workflow result store under {@code /api/result} (NoETL's paths and bodies). */
public final class Payloads {
    private final Transport transport;

    Payloads(Transport transport) {
        this.transport = requireNonNull(transport, "transport is null");
    }

    /** Stores {@code put.data()} under the execution; the same idempotency key answers the first receipt again. */
    public PayloadReceipt put(String executionId, PayloadPut put) {
        ObjectNode body = Transport.JSON.createObjectNode().put("name", put.name());
        body.set("data", put.data());
        put.scope().ifPresent(v -> body.put("scope", v));
        put.ttl().ifPresent(v -> body.put("ttl", v));
        put.store().ifPresent(v -> body.put("store", v));
        put.sourceStep().ifPresent(v -> body.put("source_step", v));
        put.correlation().ifPresent(v -> body.set("correlation", v));
        put.extracted().ifPresent(v -> body.set("extracted", v));
        body.put("compress", put.compress());
        HttpRequest.Builder request = transport.jsonRequest("/api/result/" + Transport.segment(executionId), "PUT", body);
        put.idempotencyKey().ifPresent(k -> request.header("Idempotency-Key", k));
        return transport.read(request, PayloadReceipt.class);
    }

    /** The data stored under a {@code noetl://} ref. */
    public JsonNode resolve(String ref) {
        return transport.readTree(transport.request(resolvePath(ref)).GET());
    }

    /** The stored bytes under a ref, streamed into {@code out} (not closed); answers how many. */
    public long resolveTo(String ref, OutputStream out) {
        try (InputStream in = transport.stream(transport.request(resolvePath(ref)).GET()).body()) {
            return in.transferTo(out);
        } catch (IOException e) {
            throw new ResultStoreException("UNREACHABLE", 0, "reading " + ref + " broke off: " + e.getMessage(), e);
        }
    }

    /** The data of the latest payload with that name in the execution. */
    public JsonNode latest(String executionId, String name) {
        return transport.readTree(transport.request(namePath(executionId, name) + "?resolve=true").GET());
    }

    /** The metadata of the latest payload with that name in the execution. */
    public PayloadInfo latestInfo(String executionId, String name) {
        return transport.read(transport.request(namePath(executionId, name) + "?resolve=false").GET(), PayloadInfo.class);
    }

    /** The execution's payloads, oldest first, optionally of one scope or one step. */
    public PayloadList list(String executionId, Optional<String> scope, Optional<String> stepName) {
        String query = scope.map(s -> "scope=" + Transport.segment(s) + "&").orElse("")
                + stepName.map(s -> "step_name=" + Transport.segment(s)).orElse("");
        return transport.read(transport.request("/api/result/" + Transport.segment(executionId) + "/list?" + query)
                .GET(), PayloadList.class);
    }

    /** Deletes the execution's payloads of {@code scope} ({@code execution} or {@code workflow}) and narrower. */
    public long deleteExecution(String executionId, String scope) {
        return transport.readTree(transport.request("/api/result/" + Transport.segment(executionId) + "?scope="
                + Transport.segment(scope)).DELETE()).path("deleted").asLong();
    }

    /** Deletes the step-scoped payloads of one step. */
    public long deleteStep(String executionId, String stepName) {
        return transport.readTree(transport.request("/api/result/" + Transport.segment(executionId) + "/step/"
                + Transport.path(stepName)).DELETE()).path("deleted").asLong();
    }

    /** Deletes one payload of any scope. */
    public void deleteRef(String ref) {
        transport.send(transport.request("/api/result/ref?ref=" + Transport.segment(ref)).DELETE());
    }

    /** Counts and bytes by scope and tier, collection totals, the last GC run. */
    public JsonNode stats() {
        return transport.readTree(transport.request("/api/result/stats").GET());
    }

    private static String resolvePath(String ref) {
        return "/api/result/resolve?ref=" + Transport.segment(ref);
    }

    private static String namePath(String executionId, String name) {
        return "/api/result/" + Transport.segment(executionId) + "/" + Transport.path(name);
    }
}
