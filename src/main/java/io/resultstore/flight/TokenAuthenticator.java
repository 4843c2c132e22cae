package io.resultstore.flight;

import static java.util.Objects.requireNonNull;

import io.resultstore.common.AuthTokens;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/**
 * The HTTP API's bearer tokens on every Flight call. {@code Authorization: Bearer <token>} is checked as over
 * HTTP; {@code Authorization: Basic} (what a client's user/password handshake sends) is accepted when the password
 * is a token, whatever the user name, and answered with the bearer header the client then sends on its calls.
 */
final class TokenAuthenticator implements CallHeaderAuthenticator {
    static final String REFUSED = "missing or invalid bearer token";
    private final AuthTokens tokens;

    TokenAuthenticator(AuthTokens tokens) {
        this.tokens = requireNonNull(tokens, "tokens is null");
    }

    @Override
    public AuthResult authenticate(CallHeaders headers) {
        String header = headers.get(Auth2Constants.AUTHORIZATION_HEADER);
        if (tokens.acceptsBearer(header)) {
            return () -> "token";
        }
        Optional<String> basic = basicPassword(header).filter(tokens::accepts);
        if (basic.isPresent()) {
            String password = basic.get();
            return new AuthResult() {
                @Override
                public String getPeerIdentity() {
                    return "token";
                }

                @Override
                public void appendToOutgoingHeaders(CallHeaders outgoing) {
                    outgoing.insert(Auth2Constants.AUTHORIZATION_HEADER, Auth2Constants.BEARER_PREFIX + password);
                }
            };
        }
        throw CallStatus.UNAUTHENTICATED.withDescription(REFUSED).toRuntimeException();
    }

    private static Optional<String> basicPassword(String header) {
        if (header == null || !header.regionMatches(true, 0, Auth2Constants.BASIC_PREFIX, 0,
                Auth2Constants.BASIC_PREFIX.length())) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(
                    header.substring(Auth2Constants.BASIC_PREFIX.length()).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty() : Optional.of(decoded.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
