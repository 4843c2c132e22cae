package io.resultstore.flight;

import io.resultstore.error.ApiException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one mapping from the API's errors to Flight status codes; messages are the ones HTTP answers with. */
final class FlightErrors {
    private static final Logger log = LoggerFactory.getLogger(FlightErrors.class);

    private FlightErrors() {}

    static FlightRuntimeException toFlight(RuntimeException e) {
        if (e instanceof FlightRuntimeException flight) {
            return flight;
        }
        if (!(e instanceof ApiException api)) {
            log.error("flight call failed", e);
            return CallStatus.INTERNAL.withDescription("internal error").toRuntimeException();
        }
        CallStatus status = switch (api.code()) {
            case BAD_REQUEST, SQL_ERROR, UNPROCESSABLE -> CallStatus.INVALID_ARGUMENT;
            case UNAUTHORIZED -> CallStatus.UNAUTHENTICATED;
            // Flight's UNAUTHORIZED is gRPC's PERMISSION_DENIED.
            case FORBIDDEN_STATEMENT -> CallStatus.UNAUTHORIZED;
            case NOT_FOUND, GONE -> CallStatus.NOT_FOUND;
            // A query of this server answers 409 only when it was canceled (or its run had already ended).
            case CONFLICT -> CallStatus.CANCELLED;
            case PAYLOAD_TOO_LARGE -> CallStatus.RESOURCE_EXHAUSTED;
            case UNAVAILABLE, BAD_GATEWAY -> CallStatus.UNAVAILABLE;
            case INTERNAL -> CallStatus.INTERNAL;
        };
        if (api.code() == io.resultstore.error.ErrorCode.INTERNAL) {
            log.error("flight call failed", e);
        }
        return status.withDescription(api.getMessage()).withCause(e).toRuntimeException();
    }

    static FlightRuntimeException invalid(String message) {
        return CallStatus.INVALID_ARGUMENT.withDescription(message).toRuntimeException();
    }
}
