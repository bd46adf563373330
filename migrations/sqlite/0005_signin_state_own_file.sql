-- +goose Up
-- Sessions and the sign-in counters move to their own SQLite file (see
-- sqlite_signin/0001): a sign-in no longer needs this file's single writer,
-- which an import may hold for many seconds. Open sessions end with the
-- move: their users sign in again.
DROP TABLE sessions;
DROP TABLE login_throttle;

-- +goose Down
CREATE TABLE sessions (
    id         TEXT NOT NULL PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE login_throttle (
    key          TEXT NOT NULL PRIMARY KEY,
    attempts     INTEGER NOT NULL,
    window_start INTEGER NOT NULL
);
