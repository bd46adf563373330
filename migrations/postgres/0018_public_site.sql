-- +goose Up
-- What a framework shows on the public site (SPEC §10): off (nothing, the
-- default when a framework has no row), signed_off (the signed-off years
-- only) or approved (every year with approved values). Who changed it and
-- when; the audit trail holds the history.
CREATE TABLE public_settings (
    framework_id BIGINT NOT NULL PRIMARY KEY REFERENCES frameworks (id) ON DELETE CASCADE,
    mode         TEXT NOT NULL,
    changed_by   TEXT NOT NULL DEFAULT '',
    changed_at   TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE public_settings;
