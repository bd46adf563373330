-- +goose Up
-- A short hash of what an import wrote to each value (zone, indicator,
-- period, number, source, comment, quality, explanation), so that the audit
-- check can name the one value of an import that was changed afterwards
-- without keeping the file. Empty for values written one at a time: their
-- own event already names them.
ALTER TABLE measurements ADD COLUMN locator_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE measurement_revisions ADD COLUMN locator_hash TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE measurement_revisions DROP COLUMN locator_hash;
ALTER TABLE measurements DROP COLUMN locator_hash;
