-- +goose Up
-- On SQLite the sign-in state lives in its own file beside the main one
-- (igmc-signin.db): SQLite has one writer per file, and a sign-in must not
-- wait while an import holds the main file's writer. There is no foreign
-- key to users (another file); the store ends a user's sessions itself.
CREATE TABLE sessions (
    id         TEXT NOT NULL PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Sign-in attempts, one counter per account and one per address, as in
-- the main database's migration 0004 on PostgreSQL.
CREATE TABLE login_throttle (
    key          TEXT NOT NULL PRIMARY KEY,
    attempts     INTEGER NOT NULL,
    window_start INTEGER NOT NULL
);

-- +goose Down
DROP TABLE login_throttle;
DROP TABLE sessions;
