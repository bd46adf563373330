-- +goose Up
-- The years each framework has values for: a handful of rows kept by every
-- write of a value (values are never deleted), so that a page finds a
-- framework's latest year without reading its values.
CREATE TABLE framework_years (
    framework_id BIGINT NOT NULL,
    year         INTEGER NOT NULL,
    PRIMARY KEY (framework_id, year)
);
INSERT INTO framework_years (framework_id, year)
    SELECT DISTINCT i.framework_id, m.year FROM measurements m JOIN indicators i ON i.id = m.indicator_id;

-- Values awaiting work (drafts, submitted, rejected) are few beside the
-- approved ones: the review queue and the home page find them here
-- without reading the rest. Queries repeat the predicate so that both
-- engines see the index applies.
CREATE INDEX measurements_pending ON measurements (status, id) WHERE status <> 'approved';

-- +goose Down
DROP INDEX measurements_pending;
DROP TABLE framework_years;
