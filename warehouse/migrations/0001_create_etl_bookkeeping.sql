-- Every ETL run, one row per state change; the newest _version is the run's state.
CREATE TABLE IF NOT EXISTS load_runs
(
    run_id          String,
    source          LowCardinality(String),
    dataset         LowCardinality(String),
    file            String,
    file_sha256     String DEFAULT '',
    started_at      DateTime64(3, 'Asia/Shanghai'),
    finished_at     Nullable(DateTime64(3, 'Asia/Shanghai')),
    status          Enum8('running' = 1, 'succeeded' = 2, 'failed' = 3),
    accepted        UInt64 DEFAULT 0,
    rejected        UInt64 DEFAULT 0,
    ignored_columns Array(String) DEFAULT [],
    error           Nullable(String),
    _version        UInt64
)
ENGINE = ReplacingMergeTree(_version)
PARTITION BY toYYYYMM(started_at)
ORDER BY run_id
-- shard_key: cityHash64(run_id)
;

-- Rejected rows, kept verbatim with a reason a clerk can act on.
CREATE TABLE IF NOT EXISTS quarantine
(
    run_id      String,
    dataset     LowCardinality(String),
    row_number  UInt64,
    raw_row     String CODEC(ZSTD(3)),
    reason      String,
    created_at  DateTime64(3, 'Asia/Shanghai') DEFAULT now64(3)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(created_at)
ORDER BY (run_id, row_number)
-- shard_key: cityHash64(run_id)
;
