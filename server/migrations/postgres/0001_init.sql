-- The PostgreSQL twin of migrations/sqlite/0001_init.sql. Every number, flags included, is
-- BIGINT: sqlx's Any driver binds Rust i64 as int8 and decodes columns back into i64, so
-- the store's statements stay identical on both databases.

CREATE TABLE users (
    id           TEXT PRIMARY KEY,
    username     TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);

CREATE TABLE passkeys (
    id              TEXT PRIMARY KEY,           -- credential id, base64url
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    credential      TEXT NOT NULL,              -- webauthn-rs Credential, JSON
    counter         BIGINT NOT NULL,
    backup_eligible BIGINT NOT NULL,            -- 0/1
    backed_up       BIGINT NOT NULL,            -- 0/1
    transports      TEXT NOT NULL,              -- JSON array of strings
    created_at      BIGINT NOT NULL,
    last_used_at    BIGINT
);
CREATE INDEX passkeys_user_id ON passkeys(user_id);

CREATE TABLE ceremonies (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    state      TEXT NOT NULL,                   -- JSON, never sent to the client
    expires_at BIGINT NOT NULL
);
CREATE INDEX ceremonies_expires_at ON ceremonies(expires_at);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,                -- SHA-256 of the token, base64url
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions(expires_at);
CREATE INDEX sessions_user_id ON sessions(user_id);

CREATE TABLE server_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
