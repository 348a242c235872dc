-- Accounts: one row per change; the newest _version is the account's state.
CREATE TABLE IF NOT EXISTS users
(
    username            String,
    display_name        String,
    role                LowCardinality(String),
    dept_code           Nullable(String),
    password_hash       String,
    disabled            Bool DEFAULT false,
    password_changed_at DateTime64(3, 'Asia/Shanghai'),
    created_at          DateTime64(3, 'Asia/Shanghai') DEFAULT now64(3),
    _version            UInt64
)
ENGINE = ReplacingMergeTree(_version)
ORDER BY username
-- shard_key: cityHash64(username)
;

-- Sessions by the SHA-256 of their token (the token itself is never stored).
CREATE TABLE IF NOT EXISTS sessions
(
    token_hash String,
    username   String,
    created_at DateTime64(3, 'Asia/Shanghai'),
    expires_at DateTime64(3, 'Asia/Shanghai'),
    revoked    Bool DEFAULT false,
    _version   UInt64
)
ENGINE = ReplacingMergeTree(_version)
ORDER BY token_hash
-- shard_key: cityHash64(token_hash)
;

-- Who did what: sign-ins, account changes, scoring adjustments, freezes, publications.
CREATE TABLE IF NOT EXISTS audit_log
(
    at      DateTime64(3, 'Asia/Shanghai') DEFAULT now64(3),
    actor   String,
    action  LowCardinality(String),
    target  String DEFAULT '',
    detail  String DEFAULT ''
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (at, actor)
-- shard_key: rand()
;
