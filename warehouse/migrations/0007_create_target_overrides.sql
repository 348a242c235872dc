-- Unit-level targets the evaluators maintain (uploaded as XLSX); they win over plan targets.
CREATE TABLE IF NOT EXISTS target_overrides
(
    unit_type    LowCardinality(String),
    unit_code    String,
    indicator_id LowCardinality(String),
    year         UInt16,
    target       Float64,
    uploaded_by  String,
    _version     UInt64
)
ENGINE = ReplacingMergeTree(_version)
ORDER BY (year, unit_type, unit_code, indicator_id)
-- shard_key: cityHash64(unit_code)
;
