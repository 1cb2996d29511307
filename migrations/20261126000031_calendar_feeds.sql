-- The secret of each person's calendar feed URL (`/ical/{token}.ics`). Kept
-- readable, unlike access tokens, because settings show the URL again; it
-- only ever grants reading the calendar. Rotating replaces it.
CREATE TABLE calendar_feeds (
    user_id     BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token       TEXT NOT NULL CONSTRAINT calendar_feeds_token_key UNIQUE,
    rotated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
