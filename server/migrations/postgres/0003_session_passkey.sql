-- Sessions remember the passkey whose assertion opened them (deleting the passkey ends them)
-- and when that person last proved presence with a passkey (adding or deleting a passkey needs
-- it to be recent). Sessions from before this column count as authenticated when created.
ALTER TABLE sessions ADD COLUMN passkey_id TEXT;
ALTER TABLE sessions ADD COLUMN authenticated_at BIGINT NOT NULL DEFAULT 0;
UPDATE sessions SET authenticated_at = created_at;
CREATE INDEX sessions_passkey_id ON sessions(passkey_id);
