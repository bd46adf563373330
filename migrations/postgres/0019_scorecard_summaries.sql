-- +goose Up
-- Kept ranking summaries (docs/architecture.md, "Scorecard summaries"): for
-- each zone, framework, year and basis the part of the scorecard a ranking
-- shows. Every write that can change a card deletes the rows of the zones
-- and frameworks it touched in its own transaction; readers rebuild what is
-- missing. Perspectives are a JSON list of code, score, rating, coverage.
CREATE TABLE scorecard_summaries (
    framework_id BIGINT NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    year         INTEGER NOT NULL,
    basis        TEXT NOT NULL,
    zone_id      BIGINT NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
    index_score  DOUBLE PRECISION,
    index_reason TEXT NOT NULL,
    points       DOUBLE PRECISION NOT NULL,
    grade        TEXT,
    coverage     DOUBLE PRECISION NOT NULL,
    perspectives TEXT NOT NULL,
    PRIMARY KEY (framework_id, year, basis, zone_id)
);
CREATE INDEX scorecard_summaries_zone ON scorecard_summaries (framework_id, zone_id);

-- The invalidation counter of each framework: gen grows by one with every
-- write that invalidates any of its summaries; all_gen is the gen of the
-- last write that invalidated all of them (a catalogue change).
CREATE TABLE scorecard_summary_frameworks (
    framework_id BIGINT NOT NULL PRIMARY KEY REFERENCES frameworks (id) ON DELETE CASCADE,
    gen          BIGINT NOT NULL,
    all_gen      BIGINT NOT NULL
);

-- The gen of the last write that invalidated a zone's summaries of a
-- framework: a reader that began before it does not keep what it computed.
CREATE TABLE scorecard_summary_zones (
    framework_id BIGINT NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    zone_id      BIGINT NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
    gen          BIGINT NOT NULL,
    PRIMARY KEY (framework_id, zone_id)
);

-- +goose Down
DROP TABLE scorecard_summary_zones;
DROP TABLE scorecard_summary_frameworks;
DROP TABLE scorecard_summaries;
