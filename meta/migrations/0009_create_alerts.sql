-- Alerts, subscriptions and delivery (issue 17). Rules are managed by evaluators and admins
-- (what to watch, who hears it, through which channels); subscriptions belong to one person
-- (scheduled reports and changes within what their role may see). Every message to every
-- recipient is one delivery row whose key makes it happen once: a restart, an overlapping
-- run or a second app instance finds the key taken and sends nothing.

CREATE TABLE alert_rules
(
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name           text        NOT NULL CHECK (name <> '' AND char_length(name) <= 80),
    kind           text        NOT NULL CHECK (kind IN ('indicator_status', 'behind_schedule', 'data_stale',
                                                        'load_failed', 'task_status', 'checkin_waiting')),
    -- JSON object: the kind's settings (statuses, threshold, days, department).
    params         text        NOT NULL DEFAULT '{}' CHECK (char_length(params) <= 2000),
    -- JSON array of the roles that get it in the app; department accounts only ever get
    -- what concerns their own department.
    audience       text        NOT NULL DEFAULT '[]' CHECK (char_length(audience) <= 200),
    -- JSON array of email addresses.
    emails         text        NOT NULL DEFAULT '[]' CHECK (char_length(emails) <= 4000),
    webhook_kind   text        CHECK (webhook_kind IN ('wecom', 'dingtalk', 'generic')),
    webhook_url    text        CHECK (char_length(webhook_url) <= 1000),
    webhook_secret text        CHECK (char_length(webhook_secret) <= 200),
    enabled        boolean     NOT NULL DEFAULT true,
    created_by     text        NOT NULL CHECK (created_by <> ''),
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK ((webhook_kind IS NULL) = (webhook_url IS NULL)),
    CHECK (webhook_secret IS NULL OR webhook_url IS NOT NULL)
);

CREATE TABLE alert_subscriptions
(
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username   text        NOT NULL REFERENCES users (username) ON UPDATE CASCADE ON DELETE CASCADE,
    kind       text        NOT NULL CHECK (kind IN ('briefing_weekly', 'briefing_monthly', 'department_monthly',
                                                    'ranking_published', 'indicator_status', 'task_status')),
    -- Also by email (in the app always).
    email      text        CHECK (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' AND char_length(email) <= 200),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (username, kind)
);

-- One message part for one recipient: an event (or a scheduled period) of a rule or a
-- subscription. Rows claimed together are sent as one message (batch).
--   sending: claimed by a sender (claimed_at); sent; failed (retried from next_attempt_at);
--   abandoned (retries used up); unknown (the sender stopped between sending and recording:
--   never sent again automatically, an admin may send it again).
CREATE TABLE alert_deliveries
(
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key             text        NOT NULL UNIQUE CHECK (key <> '' AND char_length(key) <= 500),
    origin          text        NOT NULL CHECK (origin IN ('rule', 'subscription')),
    origin_id       bigint      NOT NULL,
    origin_name     text        NOT NULL CHECK (char_length(origin_name) <= 100),
    kind            text        NOT NULL,
    channel         text        NOT NULL CHECK (channel IN ('inapp', 'email', 'webhook')),
    recipient       text        NOT NULL CHECK (recipient <> '' AND char_length(recipient) <= 300),
    -- The department the content is about (null: district-wide).
    dept_code       text,
    subject         text        NOT NULL CHECK (char_length(subject) <= 300),
    status          text        NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'abandoned', 'unknown')),
    attempts        smallint    NOT NULL DEFAULT 1 CHECK (attempts >= 0),
    batch           text,
    last_error      text        CHECK (char_length(last_error) <= 1000),
    created_at      timestamptz NOT NULL DEFAULT now(),
    claimed_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    next_attempt_at timestamptz,
    CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
    CHECK (status <> 'failed' OR next_attempt_at IS NOT NULL)
);
CREATE INDEX alert_deliveries_log_idx ON alert_deliveries (id DESC);
CREATE INDEX alert_deliveries_sending_idx ON alert_deliveries (claimed_at) WHERE status = 'sending';

-- The in-app notification centre.
CREATE TABLE notifications
(
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username    text        NOT NULL REFERENCES users (username) ON UPDATE CASCADE ON DELETE CASCADE,
    delivery_id bigint      NOT NULL REFERENCES alert_deliveries (id) ON DELETE CASCADE,
    title       text        NOT NULL CHECK (title <> '' AND char_length(title) <= 300),
    body        text        NOT NULL CHECK (char_length(body) <= 4000),
    -- An in-app route (#/…), never an outside address.
    link        text        CHECK (link ~ '^#/' AND char_length(link) <= 300),
    created_at  timestamptz NOT NULL DEFAULT now(),
    read_at     timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (username, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (username) WHERE read_at IS NULL;
