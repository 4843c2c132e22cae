-- Sweepers look for unfinished work by owner on every pass; keep that lookup off the full table.
CREATE INDEX results_processing_owner ON results (owner) WHERE status = 'processing';
CREATE INDEX query_runs_running_owner ON query_runs (owner) WHERE status = 'running';
