-- +goose Up
-- An indicator's unit, source and definition in Chinese, beside the English
-- ones (SPEC §2.2); empty when the catalogue gives none, and pages fall
-- back to the other language.
ALTER TABLE indicators ADD COLUMN unit_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE indicators ADD COLUMN source_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE indicators ADD COLUMN definition_zh TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE indicators DROP COLUMN definition_zh;
ALTER TABLE indicators DROP COLUMN source_zh;
ALTER TABLE indicators DROP COLUMN unit_zh;
