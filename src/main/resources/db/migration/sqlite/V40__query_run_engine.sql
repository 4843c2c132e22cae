-- Which engine ran a query; runs from before there was a choice ran on the local one.
ALTER TABLE query_runs ADD COLUMN engine TEXT NOT NULL DEFAULT 'duckdb';
