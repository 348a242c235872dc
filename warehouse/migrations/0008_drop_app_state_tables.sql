-- Application state moved to the metadata store (PostgreSQL, meta/). Start-up and
-- `npm run migrate` copy these tables into it first (meta/legacy-import.ts: one
-- transaction, counts verified, recorded in legacy_imports) and only then run this file,
-- so a failed copy stops before anything is dropped. From here on ClickHouse holds no
-- application state.
DROP TABLE IF EXISTS users SYNC;
DROP TABLE IF EXISTS sessions SYNC;
DROP TABLE IF EXISTS audit_log SYNC;
DROP TABLE IF EXISTS score_adjustments SYNC;
DROP TABLE IF EXISTS frozen_rankings SYNC;
DROP TABLE IF EXISTS target_overrides SYNC;
