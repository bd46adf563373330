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

-- Failed sign-ins, for throttling by account and by address.
CREATE TABLE login_failures (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    email   TEXT NOT NULL,
    address TEXT NOT NULL,
    at      DATETIME NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_address ON login_failures (address, at);

-- +goose Down
DROP TABLE login_failures;
DROP TABLE sessions;
