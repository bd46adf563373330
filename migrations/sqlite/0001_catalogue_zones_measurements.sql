-- +goose Up
CREATE TABLE app_meta (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE frameworks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    code        TEXT NOT NULL UNIQUE,
    name_en     TEXT NOT NULL,
    name_zh     TEXT NOT NULL DEFAULT '',
    version     TEXT NOT NULL DEFAULT '',
    grade_bands TEXT NOT NULL DEFAULT '[]',
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);

CREATE TABLE perspectives (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    framework_id INTEGER NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    code         TEXT NOT NULL,
    name_en      TEXT NOT NULL DEFAULT '',
    name_zh      TEXT NOT NULL DEFAULT '',
    weight       REAL NOT NULL DEFAULT 1,
    position     INTEGER NOT NULL,
    UNIQUE (framework_id, code)
);

CREATE TABLE categories (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    perspective_id INTEGER NOT NULL REFERENCES perspectives (id) ON DELETE CASCADE,
    code           TEXT NOT NULL,
    name_en        TEXT NOT NULL DEFAULT '',
    name_zh        TEXT NOT NULL DEFAULT '',
    position       INTEGER NOT NULL,
    UNIQUE (perspective_id, code)
);

CREATE TABLE indicators (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    framework_id   INTEGER NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    perspective_id INTEGER NOT NULL REFERENCES perspectives (id),
    category_id    INTEGER REFERENCES categories (id),
    code           TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    name_zh        TEXT NOT NULL DEFAULT '',
    unit           TEXT NOT NULL,
    frequency      TEXT NOT NULL,
    aggregation    TEXT NOT NULL,
    best           REAL,
    worst          REAL,
    green          REAL,
    red            REAL,
    baseline_value REAL,
    baseline_year  INTEGER,
    target_value   REAL,
    target_year    INTEGER,
    weight         REAL NOT NULL DEFAULT 1,
    points         REAL NOT NULL DEFAULT 0,
    min_value      REAL,
    max_value      REAL,
    reference      TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL DEFAULT '',
    definition     TEXT NOT NULL DEFAULT '',
    position       INTEGER NOT NULL,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL,
    UNIQUE (framework_id, code)
);

CREATE TABLE zones (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    code       TEXT NOT NULL UNIQUE,
    name_en    TEXT NOT NULL,
    name_zh    TEXT NOT NULL DEFAULT '',
    parent_id  INTEGER REFERENCES zones (id),
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);

CREATE TABLE measurements (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    zone_id      INTEGER NOT NULL REFERENCES zones (id),
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    period       TEXT NOT NULL,
    year         INTEGER NOT NULL,
    value        REAL NOT NULL,
    source       TEXT NOT NULL DEFAULT '',
    comment      TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    entered_by   TEXT NOT NULL DEFAULT '',
    reviewed_by  TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    -- The value in force on official scorecards: the last approved one.
    -- An edit of an approved value leaves it here until the edit is approved.
    approved_value   REAL,
    approved_version INTEGER,
    review_comment   TEXT NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL,
    UNIQUE (zone_id, indicator_id, period)
);

-- Every superseded version of a measurement, kept for its history.
CREATE TABLE measurement_revisions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    measurement_id INTEGER NOT NULL REFERENCES measurements (id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    value          REAL NOT NULL,
    source         TEXT NOT NULL DEFAULT '',
    comment        TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    entered_by     TEXT NOT NULL DEFAULT '',
    reviewed_by    TEXT NOT NULL DEFAULT '',
    review_comment TEXT NOT NULL DEFAULT '',
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL,
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
