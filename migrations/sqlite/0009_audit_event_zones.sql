-- +goose Up
-- The zones an event concerns beyond its one zone_code: a bulk import of
-- several zones has no single zone, and officers and reviewers of any zone
-- it touched read it. The event's own content (hashed) lists the same
-- zones; this table is the index the scoped reads use. No foreign key: the
-- trail's check, not the schema, is what finds an event removed.
CREATE TABLE audit_event_zones (
    event_id  INTEGER NOT NULL,
    zone_code TEXT NOT NULL,
    PRIMARY KEY (zone_code, event_id)
) WITHOUT ROWID;

-- Imports recorded before this table: the zones of the versions they wrote
-- (on SQLite an import's versions carry its event's id).
INSERT INTO audit_event_zones (event_id, zone_code)
SELECT DISTINCT e.id, z.code
FROM audit_events e
JOIN measurements m ON m.audit_event_id = e.id
JOIN zones z ON z.id = m.zone_id
WHERE e.entity = 'measurements' AND e.action = 'import'
UNION
SELECT e.id, z.code
FROM audit_events e
JOIN measurement_revisions r ON r.audit_event_id = e.id
JOIN measurements m ON m.id = r.measurement_id
JOIN zones z ON z.id = m.zone_id
WHERE e.entity = 'measurements' AND e.action = 'import';

-- +goose Down
DROP TABLE audit_event_zones;
