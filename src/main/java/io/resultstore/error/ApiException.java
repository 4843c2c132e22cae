package io.resultstore.error;

import static java.util.Objects.requireNonNull;

/** The one exception that carries an {@link ErrorCode} to the HTTP mapper; its message is shown to the caller. */
public final class ApiException extends RuntimeException {
    private final ErrorCode code;

    public ApiException(ErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public ApiException(ErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
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
}
