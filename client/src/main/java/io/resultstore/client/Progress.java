package io.resultstore.client;

import java.util.OptionalLong;

/** Told how far a download is, after each chunk: bytes so far and the total when the server sent a length. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total) -> { };

    void update(long bytesDone, OptionalLong bytesTotal);
}
