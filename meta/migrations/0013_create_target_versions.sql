-- Target versions (issue 19, item 4): every change to a year's unit-level targets
-- (target_overrides) is a version: an upload, a restore of an earlier version, or the
-- initial version that records what was there before versions existed. A version holds the
-- year's COMPLETE set of overrides as it stood after the change (target_version_rows), so a
-- diff between any two versions and a restore are exact set operations.
--
-- One source of truth: target_overrides stays the state in force (scoring reads it); the
-- versions are its history. Both are written together, in one transaction under the year's
-- lock (web/server/scoring/target-versions.*), so the year's latest version (highest id)
-- always holds exactly the rows of target_overrides.
CREATE TABLE target_versions
(
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year          smallint    NOT NULL CHECK (year BETWEEN 1900 AND 9999),
    -- upload: a file the evaluators uploaded; restore: a copy of restored_from;
    -- initial: the overrides found when versions began (or when a year had none yet).
    kind          text        NOT NULL CHECK (kind IN ('upload', 'restore', 'initial')),
    file_name     text        NOT NULL DEFAULT '' CHECK (char_length(file_name) <= 200),
    created_by    text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    -- Compared with the year's previous version (none: everything is added).
    rows_added    integer     NOT NULL CHECK (rows_added >= 0),
    rows_changed  integer     NOT NULL CHECK (rows_changed >= 0),
    rows_removed  integer     NOT NULL CHECK (rows_removed >= 0),
    -- How many overrides the year has in this version.
    row_count     integer     NOT NULL CHECK (row_count >= 0),
    restored_from bigint      REFERENCES target_versions (id),
    CHECK ((kind = 'restore') = (restored_from IS NOT NULL))
);
CREATE INDEX target_versions_year_idx ON target_versions (year, id DESC);

CREATE TABLE target_version_rows
(
    version_id   bigint           NOT NULL REFERENCES target_versions (id),
    unit_type    text             NOT NULL CHECK (unit_type IN ('department', 'town')),
    unit_code    text             NOT NULL CHECK (unit_code <> ''),
    indicator_id text             NOT NULL CHECK (indicator_id <> ''),
    target       double precision NOT NULL CHECK (target = target AND abs(target) < 'Infinity'),
    PRIMARY KEY (version_id, unit_type, unit_code, indicator_id)
);

-- A frozen ranking records the target version it was scored with. targets_recorded says
-- whether it was recorded at all: rankings frozen before this migration (or imported from
-- the ClickHouse era) did not record it; a recorded null means the year had no overrides
-- (the plan's targets only).
ALTER TABLE frozen_rankings ADD COLUMN target_version_id bigint REFERENCES target_versions (id);
ALTER TABLE frozen_rankings ADD COLUMN targets_recorded boolean NOT NULL DEFAULT false;
ALTER TABLE frozen_rankings ADD CONSTRAINT frozen_rankings_target_version_check
    CHECK (target_version_id IS NULL OR targets_recorded);

-- Backfill: the overrides already stored become each year's initial version, by whoever
-- uploaded the year's newest row, at that time.
INSERT INTO target_versions (year, kind, created_by, created_at, rows_added, rows_changed, rows_removed, row_count)
SELECT year, 'initial',
       (array_agg(uploaded_by ORDER BY uploaded_at DESC, uploaded_by))[1],
       max(uploaded_at), count(*), 0, 0, count(*)
FROM target_overrides
GROUP BY year
ORDER BY year;

INSERT INTO target_version_rows (version_id, unit_type, unit_code, indicator_id, target)
SELECT v.id, o.unit_type, o.unit_code, o.indicator_id, o.target
FROM target_overrides o
JOIN target_versions v ON v.year = o.year AND v.kind = 'initial';
