-- Notes on indicators (issue 19, item 2: 动态与说明): a dated explanation, cause or measure
-- attached to an indicator × scope × year (optionally one month of it), written by leaders,
-- evaluators, admins and department accounts (their own department only, checked in the
-- service). Evaluators select notes for the briefing and the final evaluation report.
-- An author deletes a note outright; the audit log keeps what it said.
CREATE TABLE indicator_notes
(
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    indicator_id text        NOT NULL CHECK (indicator_id ~ '^[a-z0-9_]{1,64}$'),
    -- The scope the note speaks of: the whole district, one department or one town; the
    -- code is '' for the district.
    scope_kind   text        NOT NULL CHECK (scope_kind IN ('district', 'department', 'town')),
    scope_code   text        NOT NULL CHECK (char_length(scope_code) <= 64),
    year         smallint    NOT NULL,
    -- A month of the year (its marker on the monthly chart), or null for the year as a whole.
    month        smallint    CHECK (month BETWEEN 1 AND 12),
    kind         text        NOT NULL CHECK (kind IN ('explanation', 'cause', 'measure')),
    body         text        NOT NULL CHECK (body <> '' AND char_length(body) <= 1000),
    author       text        NOT NULL CHECK (author <> ''),
    created_at   timestamptz NOT NULL DEFAULT now(),
    selected     boolean     NOT NULL DEFAULT false,
    selected_by  text,
    selected_at  timestamptz,
    CHECK ((scope_kind = 'district') = (scope_code = '')),
    CHECK (selected = (selected_by IS NOT NULL) AND selected = (selected_at IS NOT NULL))
);
-- The indicator page: one indicator × year (× scope), newest first.
CREATE INDEX indicator_notes_page_idx ON indicator_notes (indicator_id, year, scope_kind, scope_code, id);
-- The briefing and the final report: the selected notes of a year.
CREATE INDEX indicator_notes_selected_idx ON indicator_notes (year) WHERE selected;
