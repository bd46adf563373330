-- +goose Up
-- A zone's year of a framework signed off (SPEC §9): once every value of
-- the year is approved and no follow-up is open, a reviewer of the zone
-- (or an administrator) freezes the official scorecard as a snapshot. The
-- snapshot is the exact bytes that were signed with the installation key
-- (key_id names it); it carries the card as the API gives it, the method
-- version and the SHA-256 of the catalogue, plan and applicability used.
-- A sign-off is withdrawn with a reason, never deleted: at most one is in
-- force per zone, framework and year.
CREATE TABLE signoffs (
    id              BIGSERIAL PRIMARY KEY,
    framework_id    BIGINT NOT NULL REFERENCES frameworks (id),
    zone_id         BIGINT NOT NULL REFERENCES zones (id),
    year            INTEGER NOT NULL,
    method_version  TEXT NOT NULL,
    catalogue_sha256 TEXT NOT NULL,
    plan_sha256     TEXT NOT NULL,
    snapshot        TEXT NOT NULL,
    key_id          TEXT NOT NULL,
    signature       TEXT NOT NULL,
    signed_by       TEXT NOT NULL,
    signed_by_name  TEXT NOT NULL DEFAULT '',
    signed_at       TIMESTAMPTZ NOT NULL,
    withdrawn_by    TEXT NOT NULL DEFAULT '',
    withdraw_reason TEXT NOT NULL DEFAULT '',
    withdrawn_at    TIMESTAMPTZ
);
CREATE UNIQUE INDEX signoffs_in_force ON signoffs (framework_id, zone_id, year) WHERE withdrawn_at IS NULL;
CREATE INDEX signoffs_framework_year ON signoffs (framework_id, year);

-- +goose Down
DROP TABLE signoffs;
