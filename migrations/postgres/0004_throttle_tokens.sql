-- +goose Up
-- Sign-in attempts, one counter per account and one per address. Each
-- attempt reserves its place with a single INSERT … ON CONFLICT DO UPDATE
-- before the password is checked, so concurrent attempts are counted one
-- by one on every instance; a right password gives its place back. The
-- window opens at the first attempt counted (window_start, in Unix
-- microseconds so that both engines compare it the same way) and lasts
-- storage.FailureWindow.
CREATE TABLE login_throttle (
    key          TEXT NOT NULL PRIMARY KEY,
    attempts     INTEGER NOT NULL,
    window_start BIGINT NOT NULL
);

-- The log of failures counted afterwards, which concurrent sign-ins could
-- all read as under the limit, gives way to the counters.
DROP TABLE login_failures;

-- API tokens are looked up by user when a password change or disabling
-- the user ends them all.
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- +goose Down
DROP INDEX api_tokens_user;
CREATE TABLE login_failures (
    id      BIGSERIAL PRIMARY KEY,
    email   TEXT NOT NULL,
    address TEXT NOT NULL,
    at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_address ON login_failures (address, at);
DROP TABLE login_throttle;
