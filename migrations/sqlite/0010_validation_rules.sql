-- +goose Up
-- A framework's validation rules (SPEC §8): left operator right over
-- indicator codes and numbers, with a relative tolerance; checked per
-- zone × year. position keeps the order of the rules file.
CREATE TABLE validation_rules (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    framework_id INTEGER NOT NULL REFERENCES frameworks (id),
    position     INTEGER NOT NULL,
    code         TEXT NOT NULL,
    left_expr    TEXT NOT NULL,
    operator     TEXT NOT NULL,
    right_expr   TEXT NOT NULL,
    tolerance    REAL NOT NULL DEFAULT 0,
    severity     TEXT NOT NULL,
    message_en   TEXT NOT NULL DEFAULT '',
    message_zh   TEXT NOT NULL DEFAULT '',
    UNIQUE (framework_id, code)
);

-- +goose Down
DROP TABLE validation_rules;
