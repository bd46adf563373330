-- +goose Up
-- A value's quality code (SPEC §8; empty is administrative, the default,
-- so an import that gives none writes nothing more), the data-quality
-- warnings it was last saved with (a JSON array, empty for none) and its
-- officer's explanation of them; each revision keeps its own.
ALTER TABLE measurements ADD COLUMN quality TEXT NOT NULL DEFAULT '';
ALTER TABLE measurements ADD COLUMN warnings TEXT NOT NULL DEFAULT '';
ALTER TABLE measurements ADD COLUMN explanation TEXT NOT NULL DEFAULT '';
ALTER TABLE measurement_revisions ADD COLUMN quality TEXT NOT NULL DEFAULT '';
ALTER TABLE measurement_revisions ADD COLUMN warnings TEXT NOT NULL DEFAULT '';
ALTER TABLE measurement_revisions ADD COLUMN explanation TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE measurement_revisions DROP COLUMN explanation;
ALTER TABLE measurement_revisions DROP COLUMN warnings;
ALTER TABLE measurement_revisions DROP COLUMN quality;
ALTER TABLE measurements DROP COLUMN explanation;
ALTER TABLE measurements DROP COLUMN warnings;
ALTER TABLE measurements DROP COLUMN quality;
