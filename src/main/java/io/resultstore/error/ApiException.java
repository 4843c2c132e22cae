package io.resultstore.error;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** The one exception that carries an {@link ErrorCode} to the HTTP mapper; its message is shown to the caller. */
public final class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final Optional<Long> retryAfterSeconds;

    public ApiException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ApiException(ErrorCode code, String message, Throwable cause) {
        this(code, message, cause, Optional.empty());
    }

    private ApiException(ErrorCode code, String message, Throwable cause, Optional<Long> retryAfterSeconds) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
        this.retryAfterSeconds = requireNonNull(retryAfterSeconds, "retryAfterSeconds is null");
    }

    public ErrorCode code() {
        return code;
    }

    /** When the caller may try again; sent as {@code Retry-After}. */
    public Optional<Long> retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(ErrorCode.BAD_REQUEST, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(ErrorCode.NOT_FOUND, message);
    }

    public static ApiException gone(String message) {
        return new ApiException(ErrorCode.GONE, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(ErrorCode.CONFLICT, message);
    }

    public static ApiException unavailable(String message, Throwable cause) {
        return new ApiException(ErrorCode.UNAVAILABLE, message, cause);
    }

    /** A 503 the caller should retry after {@code retryAfterSeconds}: the server is busy, not broken. */
    public static ApiException unavailable(String message, long retryAfterSeconds) {
        return new ApiException(ErrorCode.UNAVAILABLE, message, null, Optional.of(retryAfterSeconds));
    }
}
