-- Plan tasks (issue 16). The tasks themselves are plan data (plans/<id>/tasks.yml); what
-- people do with them lives here: tasks evaluators add as locally agreed, who leads and
-- co-operates (when evaluators assign it), the departments' check-ins and their review, and
-- the evidence files attached to check-ins.

-- Tasks agreed locally (not in the plan's documents), added by evaluators; id local_<seq>.
CREATE TABLE local_tasks
(
    seq        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id    text        NOT NULL CHECK (plan_id <> '' AND char_length(plan_id) <= 40),
    title_zh   text        NOT NULL CHECK (title_zh <> '' AND char_length(title_zh) <= 80),
    area       text        NOT NULL CHECK (area <> '' AND char_length(area) <= 40),
    -- Calendar dates as YYYY-MM-DD text (no time zone to get wrong).
    start_on   text        NOT NULL CHECK (start_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    deadline   text        NOT NULL CHECK (deadline ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND deadline >= start_on),
    -- JSON array of indicator ids.
    indicators text        NOT NULL DEFAULT '[]',
    -- Where it was agreed (会议纪要, 文件), shown in place of a plan clause.
    basis      text        NOT NULL CHECK (basis <> '' AND char_length(basis) <= 500),
    created_by text        NOT NULL CHECK (created_by <> ''),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX local_tasks_plan_idx ON local_tasks (plan_id, seq);

-- Who leads and who co-operates, as evaluators assign it: one row per change, never updated;
-- the latest (highest id) per plan × task is in force. Names are kept as assigned, so a
-- listing needs no warehouse lookup.
CREATE TABLE task_assignments
(
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id     text        NOT NULL CHECK (plan_id <> '' AND char_length(plan_id) <= 40),
    task_id     text        NOT NULL CHECK (task_id <> '' AND char_length(task_id) <= 64),
    lead_code   text        CHECK (lead_code <> '' AND char_length(lead_code) <= 64),
    lead_name   text        CHECK (lead_name <> '' AND char_length(lead_name) <= 100),
    -- JSON array of {code, name}.
    partners    text        NOT NULL DEFAULT '[]',
    note        text        NOT NULL CHECK (note <> '' AND char_length(note) <= 500),
    assigned_by text        NOT NULL CHECK (assigned_by <> ''),
    assigned_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((lead_code IS NULL) = (lead_name IS NULL))
);
CREATE INDEX task_assignments_latest_idx ON task_assignments (plan_id, task_id, id DESC);

-- A department's report on a task: percent done and a note, then an evaluator's decision.
-- At most one check-in of a task awaits review at a time; 100% accepted completes the task.
CREATE TABLE task_checkins
(
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id       text        NOT NULL CHECK (plan_id <> '' AND char_length(plan_id) <= 40),
    task_id       text        NOT NULL CHECK (task_id <> '' AND char_length(task_id) <= 64),
    dept_code     text        NOT NULL CHECK (dept_code <> '' AND char_length(dept_code) <= 64),
    percent       smallint    NOT NULL CHECK (percent BETWEEN 0 AND 100),
    note          text        NOT NULL CHECK (note <> '' AND char_length(note) <= 1000),
    filed_by      text        NOT NULL CHECK (filed_by <> ''),
    filed_at      timestamptz NOT NULL DEFAULT now(),
    state         text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'returned')),
    reviewed_by   text,
    reviewed_at   timestamptz,
    review_reason text        CHECK (char_length(review_reason) <= 500),
    CHECK ((state = 'pending') = (reviewed_by IS NULL) AND (reviewed_by IS NULL) = (reviewed_at IS NULL)),
    -- A returned check-in says why; the reviewer is never the person who filed it.
    CHECK (state <> 'returned' OR review_reason <> ''),
    CHECK (reviewed_by IS NULL OR reviewed_by <> filed_by)
);
CREATE INDEX task_checkins_task_idx ON task_checkins (plan_id, task_id, id);
CREATE UNIQUE INDEX task_checkins_one_pending_idx ON task_checkins (plan_id, task_id) WHERE state = 'pending';
CREATE INDEX task_checkins_pending_idx ON task_checkins (state, filed_at) WHERE state = 'pending';

-- Evidence files: uploaded first (checkin_id null, the uploader's until filed), then attached
-- to the check-in that cites them. The type is sniffed from the bytes, never taken from the
-- client; served only as attachments.
CREATE TABLE task_evidence
(
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    checkin_id   bigint      REFERENCES task_checkins (id),
    dept_code    text        NOT NULL CHECK (dept_code <> ''),
    uploaded_by  text        NOT NULL CHECK (uploaded_by <> ''),
    uploaded_at  timestamptz NOT NULL DEFAULT now(),
    file_name    text        NOT NULL CHECK (file_name <> '' AND char_length(file_name) <= 200),
    content_type text        NOT NULL CHECK (content_type <> ''),
    bytes        integer     NOT NULL CHECK (bytes > 0),
    sha256       text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    body         bytea       NOT NULL CHECK (octet_length(body) = bytes)
);
CREATE INDEX task_evidence_checkin_idx ON task_evidence (checkin_id);
CREATE INDEX task_evidence_unattached_idx ON task_evidence (uploaded_by) WHERE checkin_id IS NULL;
