-- The trace a run's spans belong to (W3C trace id, 32 hex digits); null for runs from before tracing.
ALTER TABLE query_runs ADD COLUMN trace_id TEXT;
