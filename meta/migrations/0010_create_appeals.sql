-- The evaluation loop (issue 19): a frozen ranking shown to the units for a publicity period
-- (公示), appeals filed by departments in that period (申诉), decided by evaluators (复核),
-- and publication on a second person's approval (发布).

-- One publicity window of a frozen ranking. At most one is open per period × unit type; it
-- ends when the ranking is published or unfrozen. A publication request names who asked, and
-- the approver (checked in the service, under the ranking's lock) is someone else.
CREATE TABLE publicity_windows
(
    id                   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period_key           text        NOT NULL CHECK (period_key <> ''),
    unit_type            text        NOT NULL CHECK (unit_type IN ('department', 'town')),
    opened_by            text        NOT NULL CHECK (opened_by <> ''),
    opened_at            timestamptz NOT NULL DEFAULT now(),
    closes_at            timestamptz NOT NULL,
    -- Departments with a draft appeal are reminded this many days before the window closes.
    remind_days          smallint    NOT NULL DEFAULT 2 CHECK (remind_days BETWEEN 0 AND 30),
    publish_requested_by text,
    publish_requested_at timestamptz,
    ended_at             timestamptz,
    ended_by             text,
    end_reason           text        CHECK (end_reason IN ('published', 'unfrozen')),
    CHECK (closes_at > opened_at),
    CHECK ((publish_requested_by IS NULL) = (publish_requested_at IS NULL)),
    CHECK ((ended_at IS NULL) = (ended_by IS NULL) AND (ended_at IS NULL) = (end_reason IS NULL))
);
CREATE UNIQUE INDEX publicity_windows_open_idx ON publicity_windows (period_key, unit_type) WHERE ended_at IS NULL;

-- A department's appeal against one line of its report card: an indicator's score or an
-- adjustment. draft (the department's own, editable) → filed (before the window closes) →
-- accepted (with the adjustment that cites it) or rejected (with a reason).
CREATE TABLE appeals
(
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    window_id       bigint      NOT NULL REFERENCES publicity_windows (id),
    unit_code       text        NOT NULL CHECK (unit_code <> '' AND char_length(unit_code) <= 64),
    subject_kind    text        NOT NULL CHECK (subject_kind IN ('indicator', 'adjustment')),
    -- The indicator's id, or the appealed adjustment's time (ISO 8601) within the unit.
    subject_ref     text        NOT NULL CHECK (subject_ref <> '' AND char_length(subject_ref) <= 80),
    reason          text        NOT NULL CHECK (reason <> '' AND char_length(reason) <= 2000),
    status          text        NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'filed', 'accepted', 'rejected')),
    created_by      text        NOT NULL CHECK (created_by <> ''),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    filed_by        text,
    filed_at        timestamptz,
    decided_by      text,
    decided_at      timestamptz,
    decision_reason text        CHECK (char_length(decision_reason) <= 1000),
    adjustment_id   bigint      REFERENCES score_adjustments (id),
    CHECK ((filed_by IS NULL) = (filed_at IS NULL) AND (status = 'draft') = (filed_at IS NULL)),
    CHECK ((decided_by IS NULL) = (decided_at IS NULL)
        AND (status IN ('accepted', 'rejected')) = (decided_at IS NOT NULL)),
    CHECK (status NOT IN ('accepted', 'rejected') OR decision_reason <> ''),
    CHECK ((status = 'accepted') = (adjustment_id IS NOT NULL))
);
CREATE INDEX appeals_window_idx ON appeals (window_id, unit_code, id);
CREATE INDEX appeals_filed_idx ON appeals (window_id) WHERE status = 'filed';

-- Evidence for an appeal: uploaded first (appeal_id null, the uploader's until attached),
-- then attached to a draft. Same limits and handling as task evidence (type sniffed from
-- the bytes, served only as an attachment, only to the department and the evaluators).
CREATE TABLE appeal_evidence
(
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    appeal_id    bigint      REFERENCES appeals (id),
    dept_code    text        NOT NULL CHECK (dept_code <> ''),
    uploaded_by  text        NOT NULL CHECK (uploaded_by <> ''),
    uploaded_at  timestamptz NOT NULL DEFAULT now(),
    file_name    text        NOT NULL CHECK (file_name <> '' AND char_length(file_name) <= 200),
    content_type text        NOT NULL CHECK (content_type <> ''),
    bytes        integer     NOT NULL CHECK (bytes > 0),
    sha256       text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    body         bytea       NOT NULL CHECK (octet_length(body) = bytes)
);
CREATE INDEX appeal_evidence_appeal_idx ON appeal_evidence (appeal_id);
CREATE INDEX appeal_evidence_unattached_idx ON appeal_evidence (uploaded_by) WHERE appeal_id IS NULL;

-- The evaluation loop's own notifications go through the alert deliveries too.
ALTER TABLE alert_deliveries DROP CONSTRAINT alert_deliveries_origin_check;
ALTER TABLE alert_deliveries ADD CONSTRAINT alert_deliveries_origin_check
    CHECK (origin IN ('rule', 'subscription', 'evaluation'));
