package io.resultstore.payload;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import io.resultstore.common.Hashing;
import io.resultstore.common.Json;
import io.resultstore.common.Times;
import io.resultstore.config.Config;
import io.resultstore.error.ApiException;
import io.resultstore.observe.PayloadMetrics;
import io.resultstore.payload.PayloadRepository.Idempotency;
import io.resultstore.payload.PayloadRepository.Removed;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The workflow result store: writes, reads and removals of payloads, with their lifecycle rules. */
public final class PayloadService {
    /** How long an {@code Idempotency-Key} replays the first response. */
    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    static final int MAX_IDEMPOTENCY_KEY = 255;
    /** Ids are unique per node; only replicas sharing a node id can collide, and rarely twice in a row. */
    private static final int ID_ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(PayloadService.class);

    private final PayloadRepository repository;
    private final PayloadStore store;
    private final Snowflake ids;
    private final Clock clock;
    private final Config.PayloadSettings settings;
    private final PayloadMetrics metrics;

    public PayloadService(PayloadRepository repository, PayloadStore store, Snowflake ids, Clock clock,
            Config.PayloadSettings settings, PayloadMetrics metrics) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.store = requireNonNull(store, "store is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** Stores the payload and answers the response JSON; a retry with the same key gets the first one. */
    public String put(String executionId, PutRequest request, Optional<String> idempotencyKey) {
        return metrics.measure("put", () -> storePayload(executionId, request, idempotencyKey));
    }

    private String storePayload(String executionId, PutRequest request, Optional<String> idempotencyKey) {
        NoetlRef.checkExecutionId(executionId);
        idempotencyKey.ifPresent(PayloadService::checkKey);
        Instant now = clock.instant();
        Instant validSince = now.minus(IDEMPOTENCY_WINDOW);
        if (idempotencyKey.isPresent()) {
            Optional<String> earlier = repository.idempotentResponse(executionId, idempotencyKey.get(), validSince);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        byte[] canonical = CanonicalJson.bytes(request.data());
        String tier = store.chooseTier(request.store(), canonical.length);
        for (int attempt = 1; ; attempt++) {
            try {
                return put(executionId, request, idempotencyKey, canonical, tier, now, validSince);
            } catch (PayloadRepository.IdTaken e) {
                if (attempt == ID_ATTEMPTS) {
                    throw new IllegalStateException("no free payload id after " + ID_ATTEMPTS
                            + " attempts: give every replica its own node.id", e);
                }
                log.warn("{}: another replica shares node.id {}; taking a new id", e.getMessage(), ids.nodeId());
            }
        }
    }

    private String put(String executionId, PutRequest request, Optional<String> idempotencyKey, byte[] canonical,
            String tier, Instant now, Instant validSince) {
        long id = ids.next();
        PayloadStore.Placement placement;
        try {
            placement = store.place(tier, executionId, id, canonical, request.compress());
        } catch (IOException e) {
            throw ApiException.unavailable("payload storage unavailable, retry later", e);
        }
        Payload payload = new Payload(id, executionId, request.name(), request.scope(), placement.store(),
                PayloadState.LIVE, canonical.length, placement.storedBytes(), Hashing.sha256Hex(canonical),
                placement.compression(), placement.blobKey(), request.sourceStep(), request.correlation(),
                request.extracted(), now, expiry(request, now));
        String response = putResponse(payload);
        Optional<String> earlier;
        try {
            earlier = repository.insert(payload, placement.inline(),
                    idempotencyKey.map(k -> new Idempotency(k, response, now, validSince)));
        } catch (RuntimeException e) {
            store.deleteBlobs(placement.blobKey().stream().toList());
            throw e;
        }
        if (earlier.isPresent()) {
            store.deleteBlobs(placement.blobKey().stream().toList());
            return earlier.get();
        }
        return response;
    }

    /** The data behind a ref: 404 unknown, 410 deleted or expired. */
    public byte[] resolve(String ref) {
        return metrics.measure("resolve", () -> store.read(readable(NoetlRef.parse(ref), clock.instant())));
    }

    /** The newest readable payload of that name. */
    public StoredPayload latest(String executionId, String name) {
        NoetlRef.checkExecutionId(executionId);
        NoetlRef.checkName(name);
        Optional<StoredPayload> latest = repository.latest(executionId, name, clock.instant());
        if (latest.isPresent()) {
            return latest.get();
        }
        if (repository.exists(executionId, name)) {
            throw ApiException.gone("result '" + name + "' of execution " + executionId + " expired or was deleted");
        }
        throw ApiException.notFound("no result named '" + name + "' in execution " + executionId);
    }

    public byte[] data(StoredPayload payload) {
        return store.read(payload);
    }

    public List<Payload> list(String executionId, Optional<Scope> scope, Optional<String> step) {
        NoetlRef.checkExecutionId(executionId);
        return repository.list(executionId, scope, step, clock.instant());
    }

    /** Removes the execution's payloads of {@code scope} and narrower; {@code permanent} only one by one. */
    public int deleteExecution(String executionId, Scope scope) {
        NoetlRef.checkExecutionId(executionId);
        if (scope == Scope.PERMANENT) {
            throw ApiException.badRequest(
                    "permanent results are not deleted in bulk: delete them one by one with DELETE /api/result/ref?ref=");
        }
        return removed(repository.deleteExecution(executionId, scope.andNarrower(), clock.instant()));
    }

    public int deleteStep(String executionId, String step) {
        NoetlRef.checkExecutionId(executionId);
        NoetlRef.checkName(step);
        return removed(repository.deleteStep(executionId, step, clock.instant()));
    }

    public void deleteRef(String ref) {
        NoetlRef parsed = NoetlRef.parse(ref);
        Instant now = clock.instant();
        Payload p = known(parsed).payload();
        if (p.state() != PayloadState.LIVE) {
            throw gone(parsed, p, now);
        }
        Payload deleted = repository.delete(p.id(), now).orElseThrow(() -> ApiException.gone(parsed + " was deleted"));
        store.deleteBlobs(deleted.blobKey().stream().toList());
    }

    public PayloadRepository.Stats stats() {
        return repository.stats(clock.instant());
    }

    private int removed(Removed removed) {
        store.deleteBlobs(removed.blobKeys());
        return removed.count();
    }

    private StoredPayload readable(NoetlRef ref, Instant now) {
        StoredPayload stored = known(ref);
        if (!stored.payload().isReadable(now)) {
            throw gone(ref, stored.payload(), now);
        }
        return stored;
    }

    private StoredPayload known(NoetlRef ref) {
        // A ref whose execution or name does not match the record under its id is not a ref we handed out.
        return repository.find(ref.id())
                .filter(s -> s.payload().executionId().equals(ref.executionId()) && s.payload().name().equals(ref.name()))
                .orElseThrow(() -> ApiException.notFound("unknown ref " + ref));
    }

    private static ApiException gone(NoetlRef ref, Payload p, Instant now) {
        boolean expired = p.state() == PayloadState.EXPIRED || (p.state() == PayloadState.LIVE && p.isExpired(now));
        return ApiException.gone(ref + (expired ? " expired" : " was deleted"));
    }

    private Optional<Instant> expiry(PutRequest request, Instant now) {
        if (request.scope() == Scope.PERMANENT || request.forever()) {
            return Optional.empty();
        }
        Duration ttl = request.ttl().orElseGet(() -> switch (request.scope()) {
            case STEP -> settings.stepTtl();
            case EXECUTION -> settings.executionTtl();
            default -> settings.workflowTtl();
        });
        return Optional.of(now.plus(ttl));
    }

    /**
     * The answer to a PUT, written field by field: the same fields through the object mapper as a map cost a 1 KiB
     * PUT about a tenth of its CPU (a serializer looked up per value).
     */
    static String putResponse(Payload p) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ref", p.ref().format());
            g.writeStringField("store", p.store());
            g.writeStringField("scope", p.scope().wire());
            g.writeStringField("expires_at", p.expiresAt().map(Times::format).orElse(null));
            g.writeNumberField("bytes", p.bytes());
            g.writeStringField("sha256", p.sha256());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void checkKey(String key) {
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY) {
            throw ApiException.badRequest("Idempotency-Key must have 1-" + MAX_IDEMPOTENCY_KEY + " characters");
        }
    }
}
