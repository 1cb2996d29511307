-- Fixed-window request counters shared by every replica (sign-up, log-in, chat).
CREATE TABLE rate_limits (
    key           TEXT PRIMARY KEY,
    window_start  TIMESTAMPTZ NOT NULL,
    count         INTEGER NOT NULL
);
