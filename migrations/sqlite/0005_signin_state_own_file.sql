-- +goose Up
-- Sessions and failed sign-ins move to their own SQLite file (see
-- sqlite_signin/0001): a sign-in no longer needs this file's single writer,
-- which an import may hold for many seconds. Open sessions end with the
-- move: their users sign in again.
DROP TABLE sessions;
DROP TABLE login_failures;

-- +goose Down
CREATE TABLE sessions (
    id         TEXT NOT NULL PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE login_failures (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    email   TEXT NOT NULL,
    address TEXT NOT NULL,
    at      DATETIME NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_address ON login_failures (address, at);
