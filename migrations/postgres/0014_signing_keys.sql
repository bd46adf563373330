-- +goose Up
-- The installation's Ed25519 signing keys (SPEC §9). The active key signs
-- bundles and sign-off snapshots; a rotated key is retired, not deleted, so
-- that what it signed can still be checked against the listed public keys.
-- A key read from IGMC_SIGNING_KEY is listed with its public half only.
CREATE TABLE signing_keys (
    key_id      TEXT NOT NULL PRIMARY KEY,
    public_key  BYTEA NOT NULL,
    private_key BYTEA,
    source      TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    retired_at  TIMESTAMPTZ
);
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys ((1)) WHERE retired_at IS NULL AND source = 'database';

-- +goose Down
DROP TABLE signing_keys;
