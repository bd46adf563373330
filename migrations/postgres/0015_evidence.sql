-- +goose Up
-- Evidence files behind values (SPEC §9). A file is stored once per
-- SHA-256 of its bytes, whatever it is attached to: evidence_files holds
-- what was told from its content (type, size), evidence_chunks its bytes
-- in pieces of at most 1 MiB, in order, so that no reader or writer ever
-- holds a whole file. evidence_links attaches a file to a value: the
-- version of the value it was attached at, the name it was sent under,
-- who attached it, when, and the audit event that recorded it.
CREATE TABLE evidence_files (
    sha256       TEXT NOT NULL PRIMARY KEY,
    size         BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE TABLE evidence_chunks (
    sha256 TEXT NOT NULL REFERENCES evidence_files (sha256),
    seq    INTEGER NOT NULL,
    data   BYTEA NOT NULL,
    PRIMARY KEY (sha256, seq)
);
CREATE TABLE evidence_links (
    id             BIGSERIAL PRIMARY KEY,
    measurement_id BIGINT NOT NULL REFERENCES measurements (id),
    version        INTEGER NOT NULL,
    sha256         TEXT NOT NULL REFERENCES evidence_files (sha256),
    name           TEXT NOT NULL,
    added_by       TEXT NOT NULL,
    added_at       TIMESTAMPTZ NOT NULL,
    audit_event_id BIGINT NOT NULL
);
-- A file is attached to a value once; the same file on another value is
-- another link to the same bytes.
CREATE UNIQUE INDEX evidence_links_value_file ON evidence_links (measurement_id, sha256);
CREATE INDEX evidence_links_file ON evidence_links (sha256);

-- +goose Down
DROP TABLE evidence_links;
DROP TABLE evidence_chunks;
DROP TABLE evidence_files;
