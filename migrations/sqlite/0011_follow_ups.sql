-- +goose Up
-- A value flagged for follow-up (SPEC §8): a reviewer or an auditor asks
-- about a zone's value of an indicator for a period, with a note; the
-- flag stays open until someone resolves it with a note of their own.
-- The flag names the value by zone, indicator and period, so it holds
-- whether or not the value is there yet, and through its new versions.
CREATE TABLE follow_ups (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    framework_id BIGINT NOT NULL REFERENCES frameworks (id),
    zone_id      BIGINT NOT NULL REFERENCES zones (id),
    indicator_id BIGINT NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    period       TEXT NOT NULL,
    year         INTEGER NOT NULL,
    note         TEXT NOT NULL,
    opened_by    TEXT NOT NULL,
    opened_at    DATETIME NOT NULL,
    resolved_by  TEXT NOT NULL DEFAULT '',
    resolution   TEXT NOT NULL DEFAULT '',
    resolved_at  DATETIME
);
-- The open flags are the ones pages look for, by zone.
CREATE INDEX follow_ups_open ON follow_ups (zone_id, id) WHERE resolved_at IS NULL;
CREATE INDEX follow_ups_framework_year ON follow_ups (framework_id, year);

-- +goose Down
DROP TABLE follow_ups;
