-- Workflow payloads. The id is the snowflake of the ref (INTEGER PRIMARY KEY: the rowid itself in SQLite).
-- Removed payloads stay as tombstones (state 'deleted' or 'expired', data dropped) so that their refs answer
-- 410; tombstones are purged after a while.
CREATE TABLE payloads (
    id            INTEGER PRIMARY KEY,
    execution_id  TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    scope         TEXT    NOT NULL,
    store         TEXT    NOT NULL,
    state         TEXT    NOT NULL,
    bytes         BIGINT  NOT NULL,
    stored_bytes  BIGINT  NOT NULL,
    sha256        TEXT    NOT NULL,
    compression   TEXT    NOT NULL,
    data          BLOB,
    blob_key      TEXT,
    source_step   TEXT,
    correlation   TEXT,
    extracted     TEXT,
    created_at    BIGINT  NOT NULL,
    expires_at    BIGINT,
    deleted_at    BIGINT
);
CREATE INDEX payloads_by_name ON payloads (execution_id, name, id);
CREATE INDEX payloads_expiry ON payloads (expires_at) WHERE state = 'live' AND expires_at IS NOT NULL;
CREATE INDEX payloads_tombstones ON payloads (deleted_at) WHERE deleted_at IS NOT NULL;

-- Idempotency-Key: the first response of a write, replayed for retries within 24 hours.
CREATE TABLE payload_idempotency (
    execution_id TEXT   NOT NULL,
    idem_key     TEXT   NOT NULL,
    response     TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (execution_id, idem_key)
);
CREATE INDEX payload_idempotency_age ON payload_idempotency (created_at);

-- Totals of the payload GC over all replicas; one row.
CREATE TABLE payload_gc (
    id                 INTEGER PRIMARY KEY,
    collected_count    BIGINT NOT NULL,
    collected_bytes    BIGINT NOT NULL,
    last_run_at        BIGINT,
    last_run_collected BIGINT NOT NULL
);
INSERT INTO payload_gc (id, collected_count, collected_bytes, last_run_at, last_run_collected) VALUES (1, 0, 0, NULL, 0);
