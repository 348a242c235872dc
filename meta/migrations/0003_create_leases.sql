-- Leases: a named, expiring claim that only one app instance holds at a time, so scheduled
-- work (source loads, rollup refreshes, deliveries) runs once behind a load balancer, not
-- once per instance (meta/leases.ts). A holder that crashes simply stops renewing: once
-- expires_at has passed, the next acquirer takes the row over.
--
-- Every time is the database's clock (now()), never an app host's, so clock skew between
-- hosts does not matter. Acquiring is one INSERT … ON CONFLICT (name) DO UPDATE … WHERE the
-- lease has expired or is already the caller's, so racing acquirers get exactly one winner.
-- generation is a fencing token: it grows by one on every acquisition (renewals keep it),
-- so a holder that lost its lease can no longer renew, release or fence writes with it.
-- Releasing expires the row at once rather than deleting it, so a name's generation never
-- goes back (one row per name: the names are few, fixed job names).
CREATE TABLE leases
(
    name        text        PRIMARY KEY CHECK (name <> ''),
    holder      text        NOT NULL CHECK (holder <> ''),
    generation  bigint      NOT NULL DEFAULT 1 CHECK (generation > 0),
    acquired_at timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    CHECK (expires_at >= acquired_at)
);
