-- Application state, moved out of ClickHouse (issue 13). Columns follow the ClickHouse
-- tables of warehouse/migrations/0005–0007; the `_version` columns that emulated updates
-- there are gone: a row is updated in place, and keys and uniqueness are constraints.
-- Times are timestamptz (instants); the app shows them in Asia/Shanghai.

-- Accounts. Usernames are unique by construction (the primary key).
CREATE TABLE users
(
    username            text        PRIMARY KEY CHECK (username <> ''),
    display_name        text        NOT NULL,
    role                text        NOT NULL
                        CHECK (role IN ('leader', 'evaluator', 'analyst', 'department', 'admin')),
    dept_code           text,
    password_hash       text        NOT NULL,
    disabled            boolean     NOT NULL DEFAULT false,
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

-- Sessions by the SHA-256 (hex) of their token; the token itself is never stored.
CREATE TABLE sessions
(
    token_hash text        PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    username   text        NOT NULL REFERENCES users (username) ON UPDATE CASCADE ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    CHECK (expires_at > created_at)
);
CREATE INDEX sessions_username_idx ON sessions (username) WHERE revoked_at IS NULL;
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

-- Sign-in throttling shared by every app instance (web/server/auth/throttle.ts keeps it in
-- memory today). scope: 'account' (username + address), 'address', 'user'.
CREATE TABLE signin_throttles
(
    scope   text        NOT NULL CHECK (scope IN ('account', 'address', 'user')),
    key     text        NOT NULL,
    count   integer     NOT NULL CHECK (count >= 0),
    last_at timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX signin_throttles_last_at_idx ON signin_throttles (last_at);

-- Addresses a user recently signed in from ("usual" addresses skip the per-user key).
CREATE TABLE signin_known_addresses
(
    username text        NOT NULL,
    address  text        NOT NULL,
    last_at  timestamptz NOT NULL,
    PRIMARY KEY (username, address)
);
CREATE INDEX signin_known_addresses_last_at_idx ON signin_known_addresses (last_at);

-- Official rankings: one per period × unit type (a constraint, not a read-then-write).
-- payload is the ranking's JSON text exactly as the app wrote it.
CREATE TABLE frozen_rankings
(
    period_key text        NOT NULL CHECK (period_key <> ''),
    unit_type  text        NOT NULL CHECK (unit_type IN ('department', 'town')),
    scheme_id  text        NOT NULL,
    status     text        NOT NULL CHECK (status IN ('frozen', 'unfrozen', 'published')),
    payload    text        NOT NULL,
    changed_by text        NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (period_key, unit_type)
);

-- Evaluators' manual adjustments: append-only, each with a reason, its author and time.
CREATE TABLE score_adjustments
(
    id         bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period_key text             NOT NULL CHECK (period_key <> ''),
    unit_type  text             NOT NULL CHECK (unit_type IN ('department', 'town')),
    unit_code  text             NOT NULL CHECK (unit_code <> ''),
    points     double precision NOT NULL CHECK (points = points AND abs(points) < 'Infinity'),
    reason     text             NOT NULL CHECK (reason <> ''),
    author     text             NOT NULL,
    at         timestamptz      NOT NULL DEFAULT now()
);
CREATE INDEX score_adjustments_period_idx ON score_adjustments (period_key, unit_type, at);

-- Unit-level targets the evaluators maintain (uploaded as XLSX); they win over plan targets.
CREATE TABLE target_overrides
(
    year         smallint         NOT NULL CHECK (year BETWEEN 1900 AND 9999),
    unit_type    text             NOT NULL CHECK (unit_type IN ('department', 'town')),
    unit_code    text             NOT NULL CHECK (unit_code <> ''),
    indicator_id text             NOT NULL CHECK (indicator_id <> ''),
    target       double precision NOT NULL CHECK (target = target AND abs(target) < 'Infinity'),
    uploaded_by  text             NOT NULL,
    uploaded_at  timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (year, unit_type, unit_code, indicator_id)
);

-- Who did what: sign-ins, account changes, adjustments, freezes, publications. Actors are
-- plain text, not foreign keys: an entry outlives any account and names system actors too.
CREATE TABLE audit_log
(
    id     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at     timestamptz NOT NULL DEFAULT now(),
    actor  text        NOT NULL,
    action text        NOT NULL CHECK (action <> ''),
    target text        NOT NULL DEFAULT '',
    detail text        NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_actor_at_idx ON audit_log (actor, at);
