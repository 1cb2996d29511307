-- Tasklink schema. Append-only: change it with a new migration, never by editing this one.

CREATE TABLE users (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Stored trimmed and lower-cased, so uniqueness is case-insensitive.
    email             TEXT NOT NULL CONSTRAINT users_email_key UNIQUE,
    password_hash     TEXT NOT NULL,
    -- Next per-user task number. Only ever grows, so numbers are never reused.
    next_task_number  INTEGER NOT NULL DEFAULT 1,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE linked_accounts (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id           BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    platform          TEXT NOT NULL CHECK (platform IN ('telegram', 'discord')),
    platform_user_id  TEXT NOT NULL,
    username          TEXT,
    linked_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT linked_accounts_platform_account_key UNIQUE (platform, platform_user_id)
);
CREATE INDEX linked_accounts_user_idx ON linked_accounts (user_id);

CREATE TABLE link_tokens (
    jti         TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX link_tokens_user_idx ON link_tokens (user_id);

-- Portal sessions that were ended before their expiry (logout).
CREATE TABLE revoked_sessions (
    jti         TEXT PRIMARY KEY,
    expires_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE tasks (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    number        INTEGER NOT NULL CHECK (number > 0),
    title         TEXT NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    description   TEXT CHECK (char_length(description) <= 1000),
    completed     BOOLEAN NOT NULL DEFAULT false,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT tasks_user_number_key UNIQUE (user_id, number)
);

CREATE TABLE conversations (
    id          UUID PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Target of the messages' composite key: a message can only join a
    -- conversation of the same user.
    CONSTRAINT conversations_id_user_key UNIQUE (id, user_id)
);
CREATE INDEX conversations_user_idx ON conversations (user_id);

CREATE TABLE messages (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id  UUID NOT NULL,
    user_id          BIGINT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content          TEXT NOT NULL,
    -- On assistant messages: the tools the turn ran, as [{name, arguments, result}].
    tool_calls       JSONB,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    FOREIGN KEY (conversation_id, user_id) REFERENCES conversations (id, user_id) ON DELETE CASCADE
);
CREATE INDEX messages_conversation_idx ON messages (conversation_id, id);

-- The conversation a chat is currently in, per person (`/new` replaces it).
CREATE TABLE chat_conversations (
    platform         TEXT NOT NULL,
    chat_id          TEXT NOT NULL,
    user_id          BIGINT NOT NULL,
    conversation_id  UUID NOT NULL,
    PRIMARY KEY (platform, chat_id, user_id),
    FOREIGN KEY (conversation_id, user_id) REFERENCES conversations (id, user_id) ON DELETE CASCADE
);

-- Inbound updates already handled, so a redelivered update changes nothing twice.
CREATE TABLE processed_updates (
    platform      TEXT NOT NULL,
    update_id     TEXT NOT NULL,
    processed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, update_id)
);
