-- Reservations in the shared send budget are refused when its next free
-- slot is further ahead than the asking replica's lead (issue 11): a
-- replica may only hold slots it is about to use, so replies charged
-- meanwhile (by any replica) move reminders not yet reserved. The statement
-- that reserves records here how many slots it granted, which its RETURNING
-- reads back (0: refused, try again when the budget is nearer).
-- Append-only: change it with a new migration, never by editing this one.
ALTER TABLE send_budgets ADD COLUMN granted INTEGER NOT NULL DEFAULT 0;
