package io.resultstore.client;

import static java.util.Objects.requireNonNull;

/**
 * Every failure the client reports: the API's error {@code code} (e.g. {@code NOT_FOUND}, {@code SQL_ERROR}), the
 * HTTP status and the server's message. Failures that never got an HTTP answer carry status 0 and one of the client's
 * own codes: {@code UNREACHABLE} (connection refused, I/O error), {@code TIMEOUT} (a wait ran out),
 * {@code QUERY_FAILED}/{@code QUERY_CANCELED} (an asynchronous run ended that way) or {@code RESULT_FAILED}.
 */
public final class ResultStoreException extends RuntimeException {
    private final String code;
    private final int status;

    public ResultStoreException(String code, int status, String message) {
        this(code, status, message, null);
    }

    public ResultStoreException(String code, int status, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
        this.status = status;
    }

    /** The API's error code, or one of the client's own codes listed above. */
    public String code() {
        return code;
    }

    /** The HTTP status, 0 when the server did not answer. */
    public int status() {
        return status;
    }
}
