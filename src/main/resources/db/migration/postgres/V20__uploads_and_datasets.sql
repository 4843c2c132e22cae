-- Uploaded files waiting to become datasets; a row past expires_at is swept with its blob.
CREATE TABLE uploads (
    id           TEXT PRIMARY KEY,
    size_bytes   BIGINT NOT NULL,
    sha256       TEXT   NOT NULL,
    content_type TEXT   NOT NULL,
    storage_key  TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX uploads_expiry ON uploads (expires_at);

-- Named tables of users' own data, each one Parquet blob. A deleted dataset stays as a tombstone
-- (status 'deleted') so that reads answer 410; its name is free again at once.
CREATE TABLE datasets (
    id           TEXT PRIMARY KEY,
    status       TEXT   NOT NULL,
    label        TEXT   NOT NULL,
    table_name   TEXT   NOT NULL,
    storage_key  TEXT   NOT NULL,
    columns_json TEXT   NOT NULL,
    row_count    BIGINT NOT NULL,
    bytes        BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE UNIQUE INDEX datasets_live_name ON datasets (table_name) WHERE status = 'ready';
CREATE INDEX datasets_listing ON datasets (id);
