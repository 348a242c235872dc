-- Dimensions. Conventions shared by every contract table:
--   _version  UInt64: ordering of versions of one natural key (updated_at, else load time)
--   _deleted  UInt8:  1 = tombstone, written when a key moves to other sort-key values
--   reads see the latest live version through FINAL (see README, "Reading the warehouse").
CREATE TABLE IF NOT EXISTS regions
(
    region_code            String,
    region_name            String,
    level                  Enum8('district' = 1, 'town' = 2, 'village' = 3),
    parent_code            Nullable(String),
    egov_network_connected Bool DEFAULT false,
    updated_at             Nullable(DateTime('Asia/Shanghai')),
    _version               UInt64,
    _deleted               UInt8 DEFAULT 0,
    _run_id                LowCardinality(String),
    _loaded_at             DateTime('Asia/Shanghai') DEFAULT now()
)
ENGINE = ReplacingMergeTree(_version, _deleted)
ORDER BY region_code
-- shard_key: cityHash64(region_code)
;

CREATE TABLE IF NOT EXISTS departments
(
    dept_code      String,
    dept_name      String,
    region_code    LowCardinality(String),
    e_seal_enabled Bool DEFAULT false,
    updated_at     Nullable(DateTime('Asia/Shanghai')),
    _version       UInt64,
    _deleted       UInt8 DEFAULT 0,
    _run_id        LowCardinality(String),
    _loaded_at     DateTime('Asia/Shanghai') DEFAULT now()
)
ENGINE = ReplacingMergeTree(_version, _deleted)
ORDER BY dept_code
-- shard_key: cityHash64(dept_code)
;

CREATE TABLE IF NOT EXISTS service_items
(
    item_code        String,
    item_name        String,
    dept_code        LowCardinality(String),
    online_available Bool,
    fully_online     Bool,
    max_one_visit    Bool,
    online_booking   Bool DEFAULT false,
    mobile_available Bool DEFAULT false,
    hall_item        Bool DEFAULT false,
    snapshot_date    Date,
    _version         UInt64,
    _deleted         UInt8 DEFAULT 0,
    _run_id          LowCardinality(String),
    _loaded_at       DateTime('Asia/Shanghai') DEFAULT now()
)
ENGINE = ReplacingMergeTree(_version, _deleted)
PARTITION BY toYYYYMM(snapshot_date)
ORDER BY (dept_code, snapshot_date, item_code)
-- shard_key: cityHash64(item_code)
;

CREATE TABLE IF NOT EXISTS app_activity
(
    date              Date,
    app_name          LowCardinality(String),
    daily_active_users UInt64,
    _version          UInt64,
    _deleted          UInt8 DEFAULT 0,
    _run_id           LowCardinality(String),
    _loaded_at        DateTime('Asia/Shanghai') DEFAULT now()
)
ENGINE = ReplacingMergeTree(_version, _deleted)
PARTITION BY toYYYYMM(date)
ORDER BY (app_name, date)
-- shard_key: cityHash64(app_name)
;
