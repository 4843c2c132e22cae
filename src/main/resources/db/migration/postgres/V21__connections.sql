-- Connected JDBC sources. config_json holds the URL, user and driver properties; secret is the password
-- sealed with AES-GCM under secrets.key (never stored or shown in clear). A deleted connection is removed
-- with its cached tables, whose blobs go through blob_deletions.
CREATE TABLE connections (
    id          TEXT PRIMARY KEY,
    name        TEXT   NOT NULL,
    source_type TEXT   NOT NULL,
    config_json TEXT   NOT NULL,
    secret      TEXT,
    created_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX connections_name ON connections (name);

-- The Parquet cache of a source's tables: one blob per synced table, replaced by each refresh.
CREATE TABLE connection_tables (
    connection_id TEXT   NOT NULL,
    schema_name   TEXT   NOT NULL,
    table_name    TEXT   NOT NULL,
    storage_key   TEXT   NOT NULL,
    columns_json  TEXT   NOT NULL,
    row_count     BIGINT NOT NULL,
    bytes         BIGINT NOT NULL,
    synced_at     BIGINT NOT NULL,
    PRIMARY KEY (connection_id, schema_name, table_name)
);
