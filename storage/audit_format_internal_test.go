package storage

import (
	"context"
	"encoding/json"
	"testing"

	"igmc/indicators"
)

// TestFormatOneEventsStillVerify: an event written before hash format 2
// (no hash_format, a digest without quality and explanation) still
// verifies, an edit of its value is still caught, and its quality, which
// format 1 did not cover, is not held against it.
func TestFormatOneEventsStillVerify(t *testing.T) {
	ctx := context.Background()
	for _, s := range internalStores(t, "LY,Liuyang,,\n") {
		t.Run(string(s.engine), func(t *testing.T) {
			admin := &indicators.Principal{Email: "admin@x", Role: indicators.RoleAdmin}
			m, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: "SPC-01", Period: "2019", Value: 80}, admin)
			if err != nil {
				t.Fatal(err)
			}
			// Rewrite the value's event as format 1 wrote it.
			var row measurementRow
			if err := s.db.Where("id = ?", m.ID).Take(&row).Error; err != nil {
				t.Fatal(err)
			}
			var ev auditRow
			if err := s.db.Where("id = ?", *row.AuditEventID).Take(&ev).Error; err != nil {
				t.Fatal(err)
			}
			var body map[string]any
			if err := json.Unmarshal([]byte(ev.NewValue), &body); err != nil || body["hash_format"] != float64(2) {
				t.Fatalf("a new event should record hash format 2: %s", ev.NewValue)
			}
			v := rowVersion(&row)
			v.format = 1
			delete(body, "hash_format")
			body["digest"] = digest([][32]byte{versionHash(&v)})
			ev.NewValue = jsonText(body)
			ev.Hash = eventHash(&ev)
			mustExec := func(q string, args ...any) {
				t.Helper()
				if err := s.db.Exec(q, args...).Error; err != nil {
					t.Fatal(err)
				}
			}
			mustExec("UPDATE audit_events SET new_value = ?, hash = ? WHERE id = ?", ev.NewValue, ev.Hash, ev.ID)
			mustExec("UPDATE audit_head SET last_hash = ? WHERE id = 1 AND last_id = ?", ev.Hash, ev.ID)
			check := func(want bool, what string) {
				t.Helper()
				rep, err := s.VerifyAudit(ctx)
				if err != nil || rep.OK != want {
					t.Fatalf("%s: %+v %v", what, rep, err)
				}
			}
			check(true, "a format 1 event")
			mustExec("UPDATE measurements SET quality = 'estimated' WHERE id = ?", m.ID)
			check(true, "format 1 does not cover the quality")
			mustExec("UPDATE measurements SET value = 81 WHERE id = ?", m.ID)
			check(false, "a format 1 event's value edited")
		})
	}
}
