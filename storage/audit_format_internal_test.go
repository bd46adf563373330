package storage

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"igmc/indicators"
)

// TestFormatOneEventsStillVerify: an event written before hash format 2
// (no hash_format, a digest without quality and explanation) still
// verifies, an edit of its value is still caught, and its quality, which
// format 1 did not cover, is not held against it.
func TestFormatOneEventsStillVerify(t *testing.T) {
	ctx := context.Background()
	lite, err := Open(ctx, Options{DatabaseURL: "sqlite:" + filepath.Join(t.TempDir(), "f.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	stores := []*Store{lite}
	if pg := os.Getenv("IGMC_TEST_POSTGRES_URL"); pg != "" {
		stores = append(stores, openFreshPostgres(t, pg))
	}
	for _, s := range stores {
		t.Run(string(s.engine), func(t *testing.T) {
			if _, err := s.Seed(ctx); err != nil {
				t.Fatal(err)
			}
			zs, _ := indicators.ReadZones(indicators.NewCSVRows(strings.NewReader("code,name_en,name_zh,parent_code\nLY,Liuyang,,\n")))
			if _, err := s.ImportZones(ctx, zs, indicators.System); err != nil {
				t.Fatal(err)
			}
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
