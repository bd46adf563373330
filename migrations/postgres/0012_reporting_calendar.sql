-- +goose Up
-- The reporting calendar (SPEC §8): when a framework's values for a year
-- are due and, optionally, the day the year closes itself. Days are
-- written YYYY-MM-DD and are days of China Standard Time (UTC+8): a value
-- is late when it is first submitted after the end of its due day, and a
-- year with a close day is closed from the start of that day, unless an
-- administrator reopens it after that.
CREATE TABLE reporting_calendar (
    framework_id BIGINT NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    year         INTEGER NOT NULL,
    due_on       TEXT NOT NULL,
    close_on     TEXT,
    changed_by   TEXT NOT NULL DEFAULT '',
    changed_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (framework_id, year)
);

-- +goose Down
DROP TABLE reporting_calendar;
