-- Times are epoch milliseconds (UTC) in both dialects, so one set of statements serves both.
CREATE TABLE results (
    id            TEXT PRIMARY KEY,
    status        TEXT    NOT NULL,
    query_run_id  TEXT,
    created_at    BIGINT  NOT NULL,
    completed_at  BIGINT,
    row_count     BIGINT  NOT NULL,
    bytes         BIGINT,
    columns_json  TEXT    NOT NULL,
    storage_key   TEXT,
    error_message TEXT,
    expires_at    BIGINT,
    owner         TEXT    NOT NULL
);
CREATE INDEX results_listing ON results (created_at DESC, id DESC);
CREATE INDEX results_status ON results (status, created_at);
CREATE INDEX results_expiry ON results (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE query_runs (
    id                TEXT PRIMARY KEY,
    status            TEXT   NOT NULL,
    sql_text          TEXT   NOT NULL,
    sql_hash          TEXT   NOT NULL,
    result_id         TEXT,
    row_count         BIGINT,
    execution_time_ms BIGINT,
    error_message     TEXT,
    created_at        BIGINT NOT NULL,
    completed_at      BIGINT,
    owner             TEXT   NOT NULL
);
CREATE INDEX query_runs_listing ON query_runs (created_at DESC, id DESC);
CREATE INDEX query_runs_status ON query_runs (status);

-- Blob deletions are queued in the same transaction that drops the catalog reference, then retried
-- until the storage confirms, so a crash in between never leaks a file.
CREATE TABLE blob_deletions (
    id          BIGSERIAL PRIMARY KEY,
    storage_key TEXT    NOT NULL,
    not_before  BIGINT  NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT
);
CREATE INDEX blob_deletions_due ON blob_deletions (not_before);

-- One row per live server process; a processing result or running query whose owner stopped
-- heartbeating is failed by any replica's sweeper.
CREATE TABLE nodes (
    owner        TEXT PRIMARY KEY,
    started_at   BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL
);
