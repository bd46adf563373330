-- +goose Up
CREATE TABLE app_meta (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE frameworks (
    id          BIGSERIAL PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name_en     TEXT NOT NULL,
    name_zh     TEXT NOT NULL DEFAULT '',
    version     TEXT NOT NULL DEFAULT '',
    grade_bands TEXT NOT NULL DEFAULT '[]',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE perspectives (
    id           BIGSERIAL PRIMARY KEY,
    framework_id BIGINT NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    code         TEXT NOT NULL,
    name_en      TEXT NOT NULL DEFAULT '',
    name_zh      TEXT NOT NULL DEFAULT '',
    weight       DOUBLE PRECISION NOT NULL DEFAULT 1,
    position     INTEGER NOT NULL,
    UNIQUE (framework_id, code)
);

CREATE TABLE categories (
    id             BIGSERIAL PRIMARY KEY,
    perspective_id BIGINT NOT NULL REFERENCES perspectives (id) ON DELETE CASCADE,
    code           TEXT NOT NULL,
    name_en        TEXT NOT NULL DEFAULT '',
    name_zh        TEXT NOT NULL DEFAULT '',
    position       INTEGER NOT NULL,
    UNIQUE (perspective_id, code)
);

CREATE TABLE indicators (
    id             BIGSERIAL PRIMARY KEY,
    framework_id   BIGINT NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    perspective_id BIGINT NOT NULL REFERENCES perspectives (id),
    category_id    BIGINT REFERENCES categories (id),
    code           TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    name_zh        TEXT NOT NULL DEFAULT '',
    unit           TEXT NOT NULL,
    frequency      TEXT NOT NULL,
    aggregation    TEXT NOT NULL,
    best           DOUBLE PRECISION,
    worst          DOUBLE PRECISION,
    green          DOUBLE PRECISION,
    red            DOUBLE PRECISION,
    baseline_value DOUBLE PRECISION,
    baseline_year  INTEGER,
    target_value   DOUBLE PRECISION,
    target_year    INTEGER,
    weight         DOUBLE PRECISION NOT NULL DEFAULT 1,
    points         DOUBLE PRECISION NOT NULL DEFAULT 0,
    min_value      DOUBLE PRECISION,
    max_value      DOUBLE PRECISION,
    reference      TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL DEFAULT '',
    definition     TEXT NOT NULL DEFAULT '',
    position       INTEGER NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (framework_id, code)
);

CREATE TABLE zones (
    id         BIGSERIAL PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name_en    TEXT NOT NULL,
    name_zh    TEXT NOT NULL DEFAULT '',
    parent_id  BIGINT REFERENCES zones (id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- zone_id and indicator_id carry no foreign keys here: checking them row by
-- row costs a bulk import more than all its other work together. The store
-- keeps them sound instead: zones are never deleted, an indicator only when
-- no value refers to it, under a lock that imports of its framework share.
-- period sorts bytewise ("C"): it is a code, and the unique index on it is
-- the hot path of every import.
CREATE TABLE measurements (
    id           BIGSERIAL PRIMARY KEY,
    zone_id      BIGINT NOT NULL,
    indicator_id BIGINT NOT NULL,
    period       TEXT COLLATE "C" NOT NULL,
    year         INTEGER NOT NULL,
    value        DOUBLE PRECISION NOT NULL,
    source       TEXT NOT NULL DEFAULT '',
    comment      TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    entered_by   TEXT NOT NULL DEFAULT '',
    reviewed_by  TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    -- The value in force on official scorecards: the last approved one.
    -- An edit of an approved value leaves it here until the edit is approved.
    approved_value   DOUBLE PRECISION,
    approved_version INTEGER,
    review_comment   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (zone_id, indicator_id, period)
);

-- Every superseded version of a measurement, kept for its history.
CREATE TABLE measurement_revisions (
    id             BIGSERIAL PRIMARY KEY,
    measurement_id BIGINT NOT NULL REFERENCES measurements (id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    value          DOUBLE PRECISION NOT NULL,
    source         TEXT NOT NULL DEFAULT '',
    comment        TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    entered_by     TEXT NOT NULL DEFAULT '',
    reviewed_by    TEXT NOT NULL DEFAULT '',
    review_comment TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (measurement_id, version)
);

-- +goose Down
DROP TABLE measurement_revisions;
DROP TABLE measurements;
DROP TABLE zones;
DROP TABLE indicators;
DROP TABLE categories;
DROP TABLE perspectives;
DROP TABLE frameworks;
DROP TABLE app_meta;
