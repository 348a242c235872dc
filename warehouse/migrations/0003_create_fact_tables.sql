-- Facts: partitioned by month of the date each indicator counts by; ORDER BY
-- starts with what dashboards filter on (department, region, date), ends with the key.
CREATE TABLE IF NOT EXISTS service_applications
(
    application_id       String,
    item_code            LowCardinality(String),
    dept_code            LowCardinality(String),
    region_code          LowCardinality(String),
    channel              Enum8('window' = 1, 'web' = 2, 'mobile' = 3, 'kiosk' = 4),
    fully_online         Bool,
    certificate_required Bool DEFAULT false,
    e_certificate_used   Bool DEFAULT false,
    visits               Nullable(UInt32),
    submitted_at         DateTime('Asia/Shanghai'),
    completed_at         Nullable(DateTime('Asia/Shanghai')),
    promised_days        Nullable(UInt32),
    status               Enum8('submitted' = 1, 'accepted' = 2, 'completed' = 3, 'rejected' = 4, 'withdrawn' = 5),
    updated_at           Nullable(DateTime('Asia/Shanghai')),
    _version             UInt64,
    _deleted             UInt8 DEFAULT 0,
    _run_id              LowCardinality(String),
    _loaded_at           DateTime('Asia/Shanghai') DEFAULT now()
)
ENGINE = ReplacingMergeTree(_version, _deleted)
PARTITION BY toYYYYMM(submitted_at)
ORDER BY (dept_code, region_code, submitted_at, application_id)
-- shard_key: cityHash64(application_id)
;

CREATE TABLE IF NOT EXISTS evaluations
(
    evaluation_id  String,
    application_id Nullable(String),
    dept_code      LowCardinality(String),
    rating         UInt8,
    evaluated_at   DateTime('Asia/Shanghai'),
    rectified      Bool DEFAULT false,
    rectified_at   Nullable(DateTime('Asia/Shanghai')),
    updated_at     Nullable(DateTime('Asia/Shanghai')),
    _version       UInt64,
    _deleted       UInt8 DEFAULT 0,
    _run_id        LowCardinality(String),
    _loaded_at     DateTime('Asia/Shanghai') DEFAULT now()
)
ENGINE = ReplacingMergeTree(_version, _deleted)
PARTITION BY toYYYYMM(evaluated_at)
ORDER BY (dept_code, evaluated_at, evaluation_id)
-- shard_key: cityHash64(evaluation_id)
;

CREATE TABLE IF NOT EXISTS hotline_tickets
(
    ticket_id    String,
    received_at  DateTime('Asia/Shanghai'),
    channel      Enum8('phone' = 1, 'web' = 2, 'wechat' = 3, 'app' = 4, 'other' = 5),
    category     Enum8('consult' = 1, 'help' = 2, 'complaint' = 3, 'suggestion' = 4, 'praise' = 5),
    dept_code    LowCardinality(String),
    region_code  LowCardinality(Nullable(String)),
    due_at       Nullable(DateTime('Asia/Shanghai')),
    closed_at    Nullable(DateTime('Asia/Shanghai')),
    satisfaction Enum8('satisfied' = 1, 'basically_satisfied' = 2, 'dissatisfied' = 3, 'none' = 4) DEFAULT 'none',
    updated_at   Nullable(DateTime('Asia/Shanghai')),
    _version     UInt64,
    _deleted     UInt8 DEFAULT 0,
    _run_id      LowCardinality(String),
    _loaded_at   DateTime('Asia/Shanghai') DEFAULT now()
)
ENGINE = ReplacingMergeTree(_version, _deleted)
PARTITION BY toYYYYMM(received_at)
ORDER BY (dept_code, received_at, ticket_id)
-- shard_key: cityHash64(ticket_id)
;

CREATE TABLE IF NOT EXISTS sharing_requests
(
    request_id          String,
    requester_dept_code LowCardinality(String),
    provider_dept_code  LowCardinality(String),
    resource_name       String,
    requested_at        DateTime('Asia/Shanghai'),
    responded_at        Nullable(DateTime('Asia/Shanghai')),
    status              Enum8('satisfied' = 1, 'partial' = 2, 'rejected' = 3, 'pending' = 4),
    updated_at          Nullable(DateTime('Asia/Shanghai')),
    _version            UInt64,
    _deleted            UInt8 DEFAULT 0,
    _run_id             LowCardinality(String),
    _loaded_at          DateTime('Asia/Shanghai') DEFAULT now()
)
ENGINE = ReplacingMergeTree(_version, _deleted)
PARTITION BY toYYYYMM(requested_at)
ORDER BY (provider_dept_code, requested_at, request_id)
-- shard_key: cityHash64(request_id)
;

CREATE TABLE IF NOT EXISTS governance_events
(
    event_id    String,
    source      Enum8('grid' = 1, 'video' = 2, 'hotline' = 3, 'iot' = 4, 'other' = 5),
    category    LowCardinality(String),
    region_code LowCardinality(String),
    dept_code   LowCardinality(String),
    reported_at DateTime('Asia/Shanghai'),
    due_at      Nullable(DateTime('Asia/Shanghai')),
    closed_at   Nullable(DateTime('Asia/Shanghai')),
    status      Enum8('open' = 1, 'closed' = 2, 'cancelled' = 3),
    updated_at  Nullable(DateTime('Asia/Shanghai')),
    _version    UInt64,
    _deleted    UInt8 DEFAULT 0,
    _run_id     LowCardinality(String),
    _loaded_at  DateTime('Asia/Shanghai') DEFAULT now()
)
ENGINE = ReplacingMergeTree(_version, _deleted)
PARTITION BY toYYYYMM(reported_at)
ORDER BY (dept_code, region_code, reported_at, event_id)
-- shard_key: cityHash64(event_id)
;
