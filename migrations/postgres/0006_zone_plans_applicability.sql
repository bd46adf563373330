-- +goose Up
-- A zone's kind (city, park, cluster, district, or any code): an indicator
-- whose applies_to lists zone types (';'-separated, empty for all) does not
-- apply to zones of the other types. An empty type is a zone of no
-- particular kind, to which every indicator applies.
ALTER TABLE zones ADD COLUMN zone_type TEXT NOT NULL DEFAULT '';
ALTER TABLE indicators ADD COLUMN applies_to TEXT NOT NULL DEFAULT '';

-- Each version of a zone's plan for a framework. A version is never
-- changed once written except by its adoption; audit_event_id is the event
-- that wrote it and adopt_event_id the one that adopted it, both of which
-- record a digest of the version (see storage/plans_audit.go).
CREATE TABLE plan_versions (
    id             BIGSERIAL PRIMARY KEY,
    framework_id   BIGINT NOT NULL REFERENCES frameworks (id),
    zone_id        BIGINT NOT NULL REFERENCES zones (id),
    version        INTEGER NOT NULL,
    created_by     TEXT NOT NULL DEFAULT '',
    comment        TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL,
    audit_event_id BIGINT,
    adopted_by     TEXT NOT NULL DEFAULT '',
    adopt_comment  TEXT NOT NULL DEFAULT '',
    adopted_at     TIMESTAMPTZ,
    adopt_event_id BIGINT,
    -- The entries again, as one compact text ("indicator_id,kind,year,value"
    -- lines, kind b, m or t), so that a ranking reads one row per zone
    -- instead of every entry; the audit check compares it with the entries.
    lines          TEXT NOT NULL DEFAULT '',
    UNIQUE (framework_id, zone_id, version)
);

-- The entries of a plan version: baselines, milestones and targets.
-- indicator_id has no foreign key: a version is a record of what was
-- planned and outlives an indicator removed from the catalogue.
CREATE TABLE plan_entries (
    plan_version_id BIGINT NOT NULL REFERENCES plan_versions (id),
    indicator_id    BIGINT NOT NULL,
    kind            TEXT NOT NULL,
    year            INTEGER NOT NULL,
    value           DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (plan_version_id, indicator_id, kind, year)
);

-- A zone's mark that an indicator does not apply to it, with the reason;
-- it counts on official scorecards once a reviewer approves it.
CREATE TABLE applicability_marks (
    id             BIGSERIAL PRIMARY KEY,
    zone_id        BIGINT NOT NULL REFERENCES zones (id),
    indicator_id   BIGINT NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    reason         TEXT NOT NULL,
    status         TEXT NOT NULL,
    marked_by      TEXT NOT NULL DEFAULT '',
    marked_at      TIMESTAMPTZ NOT NULL,
    reviewed_by    TEXT NOT NULL DEFAULT '',
    review_comment TEXT NOT NULL DEFAULT '',
    reviewed_at    TIMESTAMPTZ,
    UNIQUE (zone_id, indicator_id)
);

-- +goose Down
DROP TABLE applicability_marks;
DROP TABLE plan_entries;
DROP TABLE plan_versions;
ALTER TABLE indicators DROP COLUMN applies_to;
ALTER TABLE zones DROP COLUMN zone_type;
