-- The schedulers' wake-ups from `tasks`, cut to the ones that can matter
-- (stop 12). A reminder that goes away (task deleted or completed, reminder
-- cleared) never makes a scheduler's next wake-up earlier: its outbox row,
-- if any, is skipped when it falls due. So only a pending reminder that
-- appears or moves notifies, and its payload is its instant as Unix seconds
-- (`extract(epoch …)`, independent of the session's DateStyle and zone): a
-- scheduler wakes only when that instant comes before its next wake-up
-- (`reminders::scheduler`). Every other notification on the channel (the
-- agenda and quiet-hours settings, chat messages put in the outbox) keeps the
-- empty payload, which always wakes.
CREATE OR REPLACE FUNCTION tasklink_notify_reminders() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.remind_at IS NULL OR NEW.completed THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT'
        OR NEW.remind_at IS DISTINCT FROM OLD.remind_at
        OR NEW.completed IS DISTINCT FROM OLD.completed THEN
        PERFORM pg_notify('tasklink_reminders', extract(epoch FROM NEW.remind_at)::text);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Deletes no longer notify: the trigger need not run for them.
DROP TRIGGER tasks_notify_reminders ON tasks;
CREATE TRIGGER tasks_notify_reminders
    AFTER INSERT OR UPDATE OF remind_at, completed ON tasks
    FOR EACH ROW EXECUTE FUNCTION tasklink_notify_reminders();
