package io.resultstore.connection;

import java.util.Optional;

/** Keeps secrets out of what callers and logs see. */
final class Secrets {
    private Secrets() {}

    /** The message with every occurrence of the secret masked; drivers sometimes echo what they were given. */
    static String scrub(String message, Optional<String> secret) {
        String m = message == null ? "no reason given" : message;
        if (secret.isPresent() && !secret.get().isEmpty()) {
            m = m.replace(secret.get(), "***");
        }
        return m;
    }
}
