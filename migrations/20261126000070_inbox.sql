-- Chat messages are stored here as they arrive, before the platform is told
-- they were received, and handled from here: at least once, with effects once.

-- One row per delivered message. A worker holds it by its lease
-- (`claimed_until`, renewed while the turn runs); a row whose lease lapsed
-- without `done_at` (the process died) is taken again, with `attempts` + 1.
CREATE TABLE inbox (
    id            bigserial   PRIMARY KEY,
    platform      text        NOT NULL,
    -- The platform's id for the message (Telegram: `<chat>:<message>`): a
    -- second delivery of it finds the row and adds nothing.
    delivery_id   text        NOT NULL,
    -- What the adapter needs to handle and answer it (`chat::inbox::Queued`).
    -- json, not jsonb: an exact copy, which may hold what jsonb refuses (\u0000).
    payload       json        NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now(),
    claimed_until timestamptz NOT NULL,
    attempts      integer     NOT NULL DEFAULT 0,
    -- The reply, stored once decided: a replay sends it rather than running the turn again.
    reply         json,
    done_at       timestamptz,
    UNIQUE (platform, delivery_id)
);
CREATE INDEX inbox_open ON inbox (platform, claimed_until) WHERE done_at IS NULL;

-- What each tool call of a turn did, written in the transaction of its effect
-- and keyed by the message and the call's place in the turn: a replayed turn
-- reads the result back instead of doing it again.
CREATE TABLE turn_effects (
    inbox_id    bigint  NOT NULL REFERENCES inbox ON DELETE CASCADE,
    call_index  integer NOT NULL,
    record      jsonb   NOT NULL,
    -- The sentence for people (`TaskOutcome::note`), which the JSON leaves out.
    note        text,
    PRIMARY KEY (inbox_id, call_index)
);

-- At most one turn per person at a time, on every surface and replica: the
-- holder renews `until` while its turn runs; a lapsed row is free.
CREATE TABLE turn_locks (
    user_id bigint      PRIMARY KEY REFERENCES users ON DELETE CASCADE,
    holder  text        NOT NULL,
    until   timestamptz NOT NULL
);
