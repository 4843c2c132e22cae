package io.resultstore.hostile;

import java.util.List;

/** Strings that are not ids, written raw into a request path (percent-encoding, traversal, unicode). */
final class IdCases {
    private IdCases() {}

    /** Ids that must be 400 wherever a {@code rslt…} or {@code qrun…} id is expected. */
    static List<String> badIds(String prefix) {
        String other = prefix.equals("rslt") ? "qrun" : "rslt";
        return List.of(other + "0".repeat(26), prefix + "0".repeat(25), prefix + "0".repeat(27), prefix + "A".repeat(26),
                prefix + "0".repeat(25) + "_", prefix, "x", "1", prefix + "0".repeat(5000),
                prefix + "%C3%A9" + "0".repeat(24), "%F0%9F%98%80", prefix + "0".repeat(25) + "%00", "%00",
                "..%2F..%2Fetc%2Fpasswd", "%2E%2E", "%2e", "%20", prefix + "0".repeat(26) + "%20",
                "%FF%FE", "%C0%AF", "%u2215", "'%20OR%201=1", prefix + "%0A" + "0".repeat(25));
    }
}
