-- A result's reuse key names a deterministic statement (engine, normalized syntax tree, parameters); a repeated
-- statement is answered from the newest ready result with the same key. NULL for results that must not be reused.
ALTER TABLE results ADD COLUMN reuse_key TEXT;
CREATE INDEX results_reuse ON results (reuse_key, created_at) WHERE reuse_key IS NOT NULL;

-- The result a run answered from instead of running the statement.
ALTER TABLE query_runs ADD COLUMN reused_from TEXT;
