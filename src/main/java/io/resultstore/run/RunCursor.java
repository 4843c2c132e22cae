package io.resultstore.run;

import io.resultstore.common.Ids;
import io.resultstore.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Keyset position in the run history; opaque to clients (base64url of {@code millis:id}). */
public record RunCursor(Instant createdAt, String id) {

    public String encode() {
        String raw = createdAt.toEpochMilli() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static RunCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            String id = raw.substring(colon + 1);
            if (colon <= 0 || !Ids.isValid(Ids.QUERY_RUN, id)) {
                throw new IllegalArgumentException("bad cursor");
            }
            return new RunCursor(Instant.ofEpochMilli(Long.parseLong(raw.substring(0, colon))), id);
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw ApiException.badRequest("invalid cursor");
        }
    }
}
