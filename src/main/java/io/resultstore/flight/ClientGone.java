package io.resultstore.flight;

import static java.util.Objects.requireNonNull;

import io.grpc.Context;
import java.util.function.BooleanSupplier;

/**
 * Whether the client of the Flight call being handled went away. gRPC flags the call itself as cancelled
 * ({@code isCancelled()}) in a task queued behind the handler, so a handler that waits for the engine never sees
 * that flag; the call's context is cancelled at once, from gRPC's own thread. Both are looked at. Made on the
 * handler's thread, where the call's context is current; asked from any thread.
 */
final class ClientGone implements BooleanSupplier {
    private final BooleanSupplier flagged;
    private final Context call;

    private ClientGone(BooleanSupplier flagged, Context call) {
        this.flagged = requireNonNull(flagged, "flagged is null");
        this.call = requireNonNull(call, "call is null");
    }

    /** For the call handled on this thread, whose own cancel flag {@code flagged} reads. */
    static ClientGone ofCurrentCall(BooleanSupplier flagged) {
        return new ClientGone(flagged, Context.current());
    }

    @Override
    public boolean getAsBoolean() {
        return flagged.getAsBoolean() || call.isCancelled();
    }
}
