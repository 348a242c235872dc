-- Baselines evaluators record where a plan states none (the plan gives only an end figure):
-- one row per change, never updated or deleted; the latest row (highest id) of a plan ×
-- indicator is the one in force, and a row without a value clears it. Each row says where
-- the figure comes from (note, 来源说明), who recorded it and when.
CREATE TABLE plan_baselines
(
    id           bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id      text             NOT NULL CHECK (plan_id <> '' AND char_length(plan_id) <= 40),
    indicator_id text             NOT NULL CHECK (indicator_id <> '' AND char_length(indicator_id) <= 64),
    value        double precision CHECK (value IS NULL OR (value >= 0 AND value < 'Infinity')),
    note         text             NOT NULL CHECK (note <> '' AND char_length(note) <= 500),
    recorded_by  text             NOT NULL CHECK (recorded_by <> ''),
    recorded_at  timestamptz      NOT NULL DEFAULT now()
);
CREATE INDEX plan_baselines_latest_idx ON plan_baselines (plan_id, indicator_id, id DESC);
