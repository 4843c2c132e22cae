package io.resultstore.error;

/** Every error the API can answer with: its wire code, HTTP status and kind. */
public enum ErrorCode {
    BAD_REQUEST(400, Kind.USER),
    SQL_ERROR(400, Kind.USER),
    UNAUTHORIZED(401, Kind.USER),
    FORBIDDEN_STATEMENT(403, Kind.USER),
    NOT_FOUND(404, Kind.USER),
    CONFLICT(409, Kind.USER),
    GONE(410, Kind.USER),
    PAYLOAD_TOO_LARGE(413, Kind.USER),
    UNPROCESSABLE(422, Kind.USER),
    INTERNAL(500, Kind.INTERNAL),
    /** A connected source refused or could not be reached. */
    BAD_GATEWAY(502, Kind.EXTERNAL),
    UNAVAILABLE(503, Kind.EXTERNAL);

    /** Who is at fault: the caller, this server, or something it depends on. */
    public enum Kind { USER, INTERNAL, EXTERNAL }

    private final int httpStatus;
    private final Kind kind;

    ErrorCode(int httpStatus, Kind kind) {
        this.httpStatus = httpStatus;
        this.kind = kind;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Kind kind() {
        return kind;
    }
}
