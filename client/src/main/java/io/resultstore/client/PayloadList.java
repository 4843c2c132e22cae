package io.resultstore.client;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** {@code GET /api/result/{execution_id}/list}, oldest first. */
public record PayloadList(String executionId, int count, List<PayloadInfo> refs) {
    public PayloadList {
        requireNonNull(executionId, "executionId is null");
        refs = Rows.copyOrEmpty(refs);
    }
}
