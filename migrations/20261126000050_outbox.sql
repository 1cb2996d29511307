-- Reminders that arrive (issue 11): an outbox of proactive messages shared
-- by every bot replica, per-link delivery state, and a wake-up when a
-- task's reminder is set, moved or cleared.
-- Append-only: change it with a new migration, never by editing this one.

-- One row per notification that is due: a task's reminder occurrence, a
-- person's daily agenda, or a one-off message. Rows are written when they
-- fall due (not when a reminder is set), claimed by one replica at a time
-- (`FOR UPDATE SKIP LOCKED` and a lease), and kept after sending: the unique
-- occurrence key is what makes each one go out once.
CREATE TABLE outbox (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('reminder', 'agenda', 'message')),
    user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- reminder: `r:<task id>:<remind_at in µs>`; agenda: `a:<user>:<local date>`.
    occurrence     TEXT NOT NULL CONSTRAINT outbox_occurrence_key UNIQUE,
    -- A deleted task takes its pending reminders with it.
    task_id        BIGINT REFERENCES tasks (id) ON DELETE CASCADE,
    -- The reminder's `remind_at` this row stands for.
    remind_at      TIMESTAMPTZ,
    -- When to send: the occurrence's time, or the end of quiet hours.
    due_at         TIMESTAMPTZ NOT NULL,
    -- The text of a one-off message.
    body           TEXT,
    state          TEXT NOT NULL DEFAULT 'pending'
                   CHECK (state IN ('pending', 'sending', 'sent', 'skipped', 'undelivered')),
    -- While `sending`: the lease; after it another replica may take the row.
    claimed_until  TIMESTAMPTZ,
    attempts       INTEGER NOT NULL DEFAULT 0,
    platform       TEXT CHECK (platform IN ('telegram', 'discord')),
    sent_at        TIMESTAMPTZ,
    -- Why a row was skipped or not delivered.
    failure        TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX outbox_open_idx ON outbox (due_at) WHERE state IN ('pending', 'sending');
CREATE INDEX outbox_user_idx ON outbox (user_id, state);
CREATE INDEX outbox_task_idx ON outbox (task_id) WHERE task_id IS NOT NULL;

ALTER TABLE linked_accounts
    -- The platform refused for good (blocked bot, unknown chat): reminders go
    -- elsewhere until the person writes from this account again.
    ADD COLUMN reminders_unreachable_at TIMESTAMPTZ,
    -- When the person last wrote from this account: where reminders go when
    -- `users.reminder_platform` is unset.
    ADD COLUMN last_active_at TIMESTAMPTZ;

-- Wakes the schedulers (LISTEN tasklink_reminders) when a pending reminder
-- appears, moves or goes away; the payload is the new instant, if any.
CREATE FUNCTION tasklink_notify_reminders() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('tasklink_reminders', '');
    ELSIF TG_OP = 'INSERT' THEN
        IF NEW.remind_at IS NOT NULL THEN
            PERFORM pg_notify('tasklink_reminders', NEW.remind_at::text);
        END IF;
    ELSIF NEW.remind_at IS DISTINCT FROM OLD.remind_at OR NEW.completed IS DISTINCT FROM OLD.completed THEN
        PERFORM pg_notify('tasklink_reminders', COALESCE(NEW.remind_at::text, ''));
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER tasks_notify_reminders
    AFTER INSERT OR UPDATE OF remind_at, completed OR DELETE ON tasks
    FOR EACH ROW EXECUTE FUNCTION tasklink_notify_reminders();

-- Settings that move the daily agenda or quiet hours wake the schedulers too.
CREATE FUNCTION tasklink_notify_agenda() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('tasklink_reminders', '');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER users_notify_agenda
    AFTER UPDATE OF agenda_time, quiet_start, quiet_end, timezone ON users
    FOR EACH ROW EXECUTE FUNCTION tasklink_notify_agenda();
