package storage

import (
	"context"
	"strings"

	"gorm.io/gorm"
)

// eventZonesBatch is how many zones one statement records.
const eventZonesBatch = 500

// recordEventZones records that event id concerns each of zones, so that
// the officers and reviewers of any of them read it (see inZones). The
// event's own hashed content names the same zones.
func recordEventZones(ctx context.Context, tx sqlTx, id int64, zones []string) error {
	for len(zones) > 0 {
		n := min(len(zones), eventZonesBatch)
		args := make([]any, 0, 2*n)
		for _, z := range zones[:n] {
			args = append(args, id, z)
		}
		q := "INSERT INTO audit_event_zones (event_id, zone_code) VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?), ", n), ", ")
		if err := tx.exec(ctx, q, args...); err != nil {
			return err
		}
		zones = zones[n:]
	}
	return nil
}

// byIndicator narrows events to those of one indicator (by code, in any
// framework): its values' events, whose record is the value's id, and its
// applicability's, whose record ends in "/<code>".
func byIndicator(q *gorm.DB, code string) *gorm.DB {
	return q.Where(`((entity = 'measurement' AND entity_id IN (SELECT CAST(m.id AS TEXT) FROM measurements m
		JOIN indicators i ON i.id = m.indicator_id WHERE i.code = ?))
		OR (entity = 'applicability' AND SUBSTR(entity_id, LENGTH(entity_id) - ?) = ?))`, code, len(code), "/"+code)
}
