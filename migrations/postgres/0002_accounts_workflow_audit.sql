-- +goose Up
CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    language      TEXT NOT NULL DEFAULT '',
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

-- The zones an officer or reviewer works on; a zone covers its sub-zones.
CREATE TABLE user_zones (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    zone_id BIGINT NOT NULL REFERENCES zones (id),
    PRIMARY KEY (user_id, zone_id)
);

-- Sessions and API tokens are stored as SHA-256 hashes of their secrets.
CREATE TABLE sessions (
    id         TEXT NOT NULL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           BIGSERIAL PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);

-- Failed sign-ins, for throttling by account and by address.
CREATE TABLE login_failures (
    id      BIGSERIAL PRIMARY KEY,
    email   TEXT NOT NULL,
    address TEXT NOT NULL,
    at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_address ON login_failures (address, at);

-- Reporting periods (framework × year) that an administrator has closed.
CREATE TABLE periods (
    id           BIGSERIAL PRIMARY KEY,
    framework_id BIGINT NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    year         INTEGER NOT NULL,
    closed       BOOLEAN NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    changed_by   TEXT NOT NULL DEFAULT '',
    changed_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (framework_id, year)
);

-- The audit trail: append-only, each event chained to the one before by
-- the SHA-256 of its canonical content.
CREATE TABLE audit_events (
    id        BIGINT NOT NULL PRIMARY KEY,
    at        TIMESTAMPTZ NOT NULL,
    actor     TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action    TEXT NOT NULL,
    -- The zone the change concerns, when it concerns one: officers and
    -- reviewers read the events of their zones.
    zone_code TEXT NOT NULL DEFAULT '',
    old_value TEXT NOT NULL DEFAULT '',
    new_value TEXT NOT NULL DEFAULT '',
    reason    TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id);
CREATE INDEX audit_events_at ON audit_events (at);
CREATE INDEX audit_events_zone ON audit_events (zone_code);

-- The head of the chain: the last event's id and hash. Writers lock this row,
-- which orders the chain; a deleted last event shows as a head mismatch.
CREATE TABLE audit_head (
    id        INTEGER NOT NULL PRIMARY KEY,
    last_id   BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, '');

-- Every version of a value records the event that wrote it.
ALTER TABLE measurements ADD COLUMN audit_event_id BIGINT;
ALTER TABLE measurement_revisions ADD COLUMN audit_event_id BIGINT;
ALTER TABLE measurement_revisions ADD COLUMN approved_value DOUBLE PRECISION;

-- +goose Down
ALTER TABLE measurement_revisions DROP COLUMN approved_value;
ALTER TABLE measurement_revisions DROP COLUMN audit_event_id;
ALTER TABLE measurements DROP COLUMN audit_event_id;
DROP TABLE audit_head;
DROP TABLE audit_events;
DROP TABLE periods;
DROP TABLE login_failures;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE user_zones;
DROP TABLE users;
