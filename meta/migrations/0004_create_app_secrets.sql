-- Keys every app instance must share, e.g. the one CSRF tokens are signed with
-- (meta/secrets.ts): created once, by whichever instance comes first, never rotated by a
-- restart. A secret lives here, not in DATA_DIR, so instances behind a load balancer
-- accept each other's tokens.
CREATE TABLE app_secrets
(
    name       text        PRIMARY KEY CHECK (name <> ''),
    value      bytea       NOT NULL CHECK (octet_length(value) >= 32),
    created_at timestamptz NOT NULL DEFAULT now()
);
