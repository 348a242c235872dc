-- One row per one-time import of application state kept by an earlier version elsewhere
-- (meta/legacy-import.ts): written in the same transaction as the imported rows, so an
-- import happens exactly once and a failed one leaves no row. source names what was
-- imported ('clickhouse-app-state': the ClickHouse tables of warehouse/migrations/0005–0007).
-- counts: rows imported per table; skipped: rows left out or changed, and why.
CREATE TABLE legacy_imports
(
    source      text        PRIMARY KEY CHECK (source <> ''),
    imported_at timestamptz NOT NULL DEFAULT now(),
    counts      jsonb       NOT NULL,
    skipped     jsonb       NOT NULL DEFAULT '{}'
);
