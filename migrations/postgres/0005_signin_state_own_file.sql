-- +goose Up
-- Nothing changes on PostgreSQL: its row locks let a sign-in write its
-- session while an import runs. The number is kept in step with SQLite's
-- 0005, which moves the sign-in state to a file of its own.
SELECT 1;

-- +goose Down
SELECT 1;
