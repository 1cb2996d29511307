-- A platform's send budget shared by every bot replica (issue 11): the
-- platform's limit is bot-wide, so replicas reserve their proactive sends
-- here and charge their replies after the fact. One row per platform holding
-- the GCRA's theoretical arrival time: the instant the next send would be
-- due at the configured rate. Reserving n sends moves it n intervals on.
-- Append-only: change it with a new migration, never by editing this one.
CREATE TABLE send_budgets (
    platform  TEXT PRIMARY KEY CHECK (platform IN ('telegram', 'discord')),
    tat       TIMESTAMPTZ NOT NULL
);
