-- Accounts people can manage (issue 13, item 12). Append-only: change it with
-- a new migration, never by editing this one.

-- Every live portal session, so that "log out everywhere", a password change
-- (every other session) and a reset (every session) can end them by person.
-- The JWT still carries the signature and expiry; a session is valid only
-- while its row is here. Log-out deletes the row.
CREATE TABLE sessions (
    jti         TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Replaced by `sessions`: a revocation list cannot end sessions by person.
-- Sessions issued before this migration end with it (people log in again).
DROP TABLE revoked_sessions;

-- Password-reset links: single use, 30 minutes. Only the SHA-256 of the
-- token (256 random bits) is stored, so a database leak does not hand out
-- working links.
CREATE TABLE password_resets (
    token_hash  BYTEA PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id);
