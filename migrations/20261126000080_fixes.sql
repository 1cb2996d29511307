-- Fixes to issues 11 and 13.
-- Append-only: change it with a new migration, never by editing this one.

-- A one-off message that must not go out (nor stay readable) after this
-- instant: a password-reset link dies after 30 minutes. An expired row is
-- skipped, and its body cleared, like every finished row's.
ALTER TABLE outbox ADD COLUMN expires_at TIMESTAMPTZ;
