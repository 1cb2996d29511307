-- Time and order in the task list (issue 10): a person's time settings, and
-- due dates, priorities, tags, repeats and reminders on tasks.
-- Append-only: change it with a new migration, never by editing this one.

-- Settings live on users (one row per person, nothing to join, nothing to
-- create at sign-up).
ALTER TABLE users
    -- IANA name, checked by the application against the bundled tz database.
    ADD COLUMN timezone           TEXT NOT NULL DEFAULT 'UTC',
    -- Local time of the daily agenda; NULL: no agenda.
    ADD COLUMN agenda_time        TIME,
    -- Quiet hours as local times; both or neither. start > end wraps midnight.
    ADD COLUMN quiet_start        TIME,
    ADD COLUMN quiet_end          TIME,
    -- NULL: the linked chat account the person wrote from most recently.
    ADD COLUMN reminder_platform  TEXT CHECK (reminder_platform IN ('telegram', 'discord')),
    ADD CONSTRAINT users_quiet_hours_check CHECK ((quiet_start IS NULL) = (quiet_end IS NULL));

-- A due is kept as the person means it: a local wall time in a named zone
-- (due_local + due_tz; due_has_time false means "that date", and due_local is
-- its midnight). What repeats is that wall time, so "every day at 09:00" stays
-- 09:00 across daylight-saving changes (RFC 5545). due_at is the instant the
-- wall time resolves to (a date: the start of that day), derived by the
-- application on every write, for filters, sorting and reminders.
ALTER TABLE tasks
    ADD COLUMN due_local     TIMESTAMP,
    ADD COLUMN due_has_time  BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN due_tz        TEXT,
    ADD COLUMN due_at        TIMESTAMPTZ,
    -- 0 none, 1 low, 2 medium, 3 high: sorts in an index.
    ADD COLUMN priority      SMALLINT NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 3),
    -- Lower-case, 1–32 of letters, digits, _ and -; at most 10.
    ADD COLUMN tags          TEXT[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 10),
    -- RRULE text (FREQ=…), anchored at the current due; COUNT is what is left.
    ADD COLUMN repeat        TEXT,
    ADD COLUMN repeat_from   TEXT NOT NULL DEFAULT 'due' CHECK (repeat_from IN ('due', 'completion')),
    -- A reminder given as an offset before the due repeats with the task.
    ADD COLUMN remind_before_secs INTEGER CHECK (remind_before_secs >= 0),
    -- The pending reminder of the current occurrence.
    ADD COLUMN remind_at     TIMESTAMPTZ,
    ADD COLUMN completed_at  TIMESTAMPTZ,
    ADD CONSTRAINT tasks_due_parts_check
        CHECK ((due_local IS NULL) = (due_at IS NULL) AND (due_local IS NULL) = (due_tz IS NULL)),
    ADD CONSTRAINT tasks_repeat_needs_due_check CHECK (repeat IS NULL OR due_local IS NOT NULL);

-- Existing completed tasks: the last change is the best guess of when.
UPDATE tasks SET completed_at = updated_at WHERE completed;

-- List filters: overdue / today / week / none, and sorting by due, per person.
CREATE INDEX tasks_user_due_idx ON tasks (user_id, completed, due_at, number);
CREATE INDEX tasks_user_priority_idx ON tasks (user_id, completed, priority DESC, number);
-- `#tag` filter: tags @> ARRAY['work'].
CREATE INDEX tasks_tags_idx ON tasks USING GIN (tags);
-- Reminders that are due to be sent, across all people.
CREATE INDEX tasks_remind_at_idx ON tasks (remind_at) WHERE remind_at IS NOT NULL AND NOT completed;
