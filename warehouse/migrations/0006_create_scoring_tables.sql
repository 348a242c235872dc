-- Evaluators' manual adjustments: append-only, each with a reason, its author and time.
CREATE TABLE IF NOT EXISTS score_adjustments
(
    period_key String,
    unit_type  LowCardinality(String),
    unit_code  String,
    points     Float64,
    reason     String,
    author     String,
    at         DateTime64(3, 'Asia/Shanghai') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY (period_key, unit_type, unit_code, at)
-- shard_key: cityHash64(period_key)
;

-- Official rankings: a frozen period keeps the ranking stored here, whatever is reloaded later.
CREATE TABLE IF NOT EXISTS frozen_rankings
(
    period_key   String,
    unit_type    LowCardinality(String),
    scheme_id    String,
    status       Enum8('frozen' = 1, 'unfrozen' = 2, 'published' = 3),
    payload      String CODEC(ZSTD(3)),
    changed_by   String,
    changed_at   DateTime64(3, 'Asia/Shanghai') DEFAULT now64(3),
    _version     UInt64
)
ENGINE = ReplacingMergeTree(_version)
ORDER BY (period_key, unit_type)
-- shard_key: cityHash64(period_key)
;
