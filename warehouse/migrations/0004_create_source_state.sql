-- Per scheduled source: the updated_at watermark of its last successful load.
CREATE TABLE IF NOT EXISTS source_state
(
    source     String,
    watermark  Nullable(String),
    updated_at DateTime64(3, 'Asia/Shanghai') DEFAULT now64(3),
    _version   UInt64
)
ENGINE = ReplacingMergeTree(_version)
ORDER BY source
-- shard_key: cityHash64(source)
;
