-- Personal access tokens for scripts and MCP clients. Only the SHA-256 of the
-- secret is stored: the secret is 256 random bits, so a fast hash is enough
-- (no password stretching needed) and lets a request find its token by index.
-- Revoking deletes the row.
CREATE TABLE personal_access_tokens (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    token_hash    BYTEA NOT NULL CONSTRAINT personal_access_tokens_hash_key UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Refreshed at most once a minute, so most requests do not write.
    last_used_at  TIMESTAMPTZ
);
CREATE INDEX personal_access_tokens_user_idx ON personal_access_tokens (user_id);
