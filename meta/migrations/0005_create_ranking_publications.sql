-- Every publication of an official ranking, kept after it is withdrawn: who published it and
-- when, and for a withdrawal who asked, why, and who (another person) approved it and when.
-- At most one publication of a period × unit type is current (not withdrawn) at a time.
CREATE TABLE ranking_publications
(
    id                    bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period_key            text        NOT NULL CHECK (period_key <> ''),
    unit_type             text        NOT NULL CHECK (unit_type IN ('department', 'town')),
    published_by          text        NOT NULL CHECK (published_by <> ''),
    published_at          timestamptz NOT NULL DEFAULT now(),
    withdraw_requested_by text,
    withdraw_requested_at timestamptz,
    withdraw_reason       text CHECK (withdraw_reason <> ''),
    withdrawn_by          text,
    withdrawn_at          timestamptz,
    -- A request names its author, time and reason together; a withdrawal needs a request
    -- and an approver other than the person who asked.
    CHECK ((withdraw_requested_by IS NULL) = (withdraw_requested_at IS NULL)
        AND (withdraw_requested_by IS NULL) = (withdraw_reason IS NULL)),
    CHECK ((withdrawn_by IS NULL) = (withdrawn_at IS NULL)),
    CHECK (withdrawn_by IS NULL OR (withdraw_requested_by IS NOT NULL AND withdrawn_by <> withdraw_requested_by))
);
CREATE UNIQUE INDEX ranking_publications_current_idx
    ON ranking_publications (period_key, unit_type) WHERE withdrawn_at IS NULL;
CREATE INDEX ranking_publications_published_idx ON ranking_publications (published_at);
