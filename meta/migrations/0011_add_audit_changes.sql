-- Audit you can read (issue 19, item 3): what an entry changed, as JSON text written by the
-- app (web/server/audit/change.ts: bounded, secrets never included). Null where the entry
-- changed nothing or the values were not at hand; entries written before this migration
-- keep null.
ALTER TABLE audit_log ADD COLUMN before text CHECK (char_length(before) <= 20480);
ALTER TABLE audit_log ADD COLUMN after text CHECK (char_length(after) <= 20480);

-- The audit page filters by action over a time range, newest first; by person it uses
-- audit_log_actor_at_idx (0001), unfiltered audit_log_at_idx.
CREATE INDEX audit_log_action_at_idx ON audit_log (action, at);
