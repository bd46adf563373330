package storage_test

import (
	"fmt"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// auditFixture makes a store with a little history: a zone, an imported
// file (one event for two values), a value entered, submitted and approved.
func auditFixture(t *testing.T, e storage.Engine) (*storage.Store, string, indicators.Measurement) {
	s, url := storagetest.OpenURL(t, e)
	addZones(t, s, "LY,Liuyang ETDZ,,")
	if _, err := importCSV(s, "zone_code,indicator_code,period,value\nLY,SPC-01,2017,80\nLY,SPC-01,2018,86\n", indicators.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	admin := person("admin@x", indicators.RoleAdmin)
	m, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: "SPC-03", Period: "2019", Value: 9460}, admin)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Review(ctx, []int64{m.ID}, indicators.ActionSubmit, "", admin); err != nil {
		t.Fatal(err)
	}
	// Re-import changes one value: a second import event, a revision.
	if _, err := importCSV(s, "zone_code,indicator_code,period,value\nLY,SPC-01,2017,80\nLY,SPC-01,2018,87\n", indicators.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return s, url, m
}

func verify(t *testing.T, s *storage.Store) indicators.VerifyReport {
	t.Helper()
	rep, err := s.VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestAuditVerify(t *testing.T) {
	for _, e := range storagetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Run("untouched_database_verifies", func(t *testing.T) {
				s, _, _ := auditFixture(t, e)
				rep := verify(t, s)
				if !rep.OK || rep.Events < 6 || rep.Values != 5 || rep.Head == "" {
					t.Fatalf("report %+v", rep)
				}
				ev, _ := s.ListAuditEvents(ctx, indicators.AuditFilter{Entity: "measurement"}, nil)
				if ev.Total != 2 || ev.Items[0].Action != "create" || ev.Items[1].Action != "submit" || ev.Items[1].Actor != "admin@x" {
					t.Fatalf("measurement events %+v", ev.Items)
				}
				if ev.Items[1].PrevHash == "" || ev.Items[1].Hash == ev.Items[0].Hash {
					t.Fatal("events are not chained")
				}
			})
			t.Run("value_edited_in_the_database", func(t *testing.T) {
				s, url, m := auditFixture(t, e)
				storagetest.MustExec(t, url, fmt.Sprintf("UPDATE measurements SET value = 9999 WHERE id = %d", m.ID))
				rep := verify(t, s)
				if rep.OK || rep.Measurement != m.ID || !strings.Contains(rep.Problem, "SPC-03") {
					t.Fatalf("report %+v", rep)
				}
			})
			t.Run("imported_value_edited_in_the_database", func(t *testing.T) {
				s, url, _ := auditFixture(t, e)
				storagetest.MustExec(t, url, "UPDATE measurements SET value = 90 WHERE period = '2017'")
				rep := verify(t, s)
				if rep.OK || rep.EventID == 0 || !strings.Contains(rep.Problem, "changed outside the tracker") {
					t.Fatalf("report %+v", rep)
				}
			})
			t.Run("revision_edited_in_the_database", func(t *testing.T) {
				s, url, _ := auditFixture(t, e)
				storagetest.MustExec(t, url, "UPDATE measurement_revisions SET value = 1 WHERE version = 1 AND value = 86")
				if rep := verify(t, s); rep.OK {
					t.Fatalf("an edited revision verified: %+v", rep)
				}
			})
			t.Run("event_edited_in_the_database", func(t *testing.T) {
				s, url, _ := auditFixture(t, e)
				storagetest.MustExec(t, url, "UPDATE audit_events SET actor = 'someone else' WHERE id = 3")
				rep := verify(t, s)
				if rep.OK || rep.EventID != 3 || !strings.Contains(rep.Problem, "event 3") {
					t.Fatalf("report %+v", rep)
				}
			})
			t.Run("event_and_hash_rewritten_in_the_database", func(t *testing.T) {
				// Rewriting an event together with its own hash still breaks
				// the next event's link.
				s, url, _ := auditFixture(t, e)
				storagetest.MustExec(t, url, "UPDATE audit_events SET hash = 'f00d' WHERE id = 2")
				rep := verify(t, s)
				if rep.OK || rep.EventID != 2 {
					t.Fatalf("report %+v", rep)
				}
			})
			t.Run("last_event_deleted", func(t *testing.T) {
				s, url, _ := auditFixture(t, e)
				storagetest.MustExec(t, url, "DELETE FROM audit_events WHERE id = (SELECT MAX(id) FROM audit_events)")
				if rep := verify(t, s); rep.OK || !strings.Contains(rep.Problem, "head") {
					t.Fatalf("report %+v", rep)
				}
			})
			t.Run("middle_event_deleted", func(t *testing.T) {
				s, url, _ := auditFixture(t, e)
				storagetest.MustExec(t, url, "DELETE FROM audit_events WHERE id = 2")
				if rep := verify(t, s); rep.OK || rep.EventID != 2 || !strings.Contains(rep.Problem, "missing") {
					t.Fatalf("report %+v", rep)
				}
			})
			t.Run("value_inserted_in_the_database", func(t *testing.T) {
				s, url, _ := auditFixture(t, e)
				storagetest.MustExec(t, url, `INSERT INTO measurements (zone_id, indicator_id, period, year, value, status, version, created_at, updated_at)
					SELECT zone_id, indicator_id, '2016', 2016, 1, 'approved', 1, created_at, updated_at FROM measurements WHERE period = '2017'`)
				if rep := verify(t, s); rep.OK || !strings.Contains(rep.Problem, "without an audit event") {
					t.Fatalf("report %+v", rep)
				}
			})
		})
	}
}
