-- The working-day calendar (contract dataset `calendar`): the listed dates only, each a
-- workday or a rest day as its row says; an unlisted date is a workday Monday–Friday.
-- One partition per year: a load replaces the whole years its file covers
-- (etl/load/replace-years.ts). The per-day workday index and the SQL function
-- workdays_between() are derived from it by warehouse/workdays.ts (after every calendar
-- load and at every migrate), not by a migration.
CREATE TABLE IF NOT EXISTS calendar
(
    date       Date,
    is_workday Bool,
    note       Nullable(String),
    _version   UInt64,
    _deleted   UInt8 DEFAULT 0,
    _run_id    LowCardinality(String),
    _loaded_at DateTime('Asia/Shanghai') DEFAULT now()
)
ENGINE = ReplacingMergeTree(_version, _deleted)
PARTITION BY toYear(date)
ORDER BY date
-- shard_key: cityHash64(date)
;
