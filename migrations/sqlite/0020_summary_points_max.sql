-- +goose Up
-- A summary keeps the points a card could earn, so that the public site's
-- zone lists are made from summaries alone. Rows kept before have none:
-- a reader treats such a row as missing, computes it again and replaces it.
ALTER TABLE scorecard_summaries ADD COLUMN points_max DOUBLE PRECISION;

-- +goose Down
ALTER TABLE scorecard_summaries DROP COLUMN points_max;
