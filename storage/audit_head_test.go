package storage_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// TestAuditHeadFile: with a head file set, every change (an import, a value
// saved, a zone) leaves the trail's head in it; a copy of it then catches a
// trail that was cut short, or cut and written again, although the trail
// verifies in itself.
func TestAuditHeadFile(t *testing.T) {
	for _, e := range storagetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			url := storagetest.URL(t, e)
			file := filepath.Join(t.TempDir(), "head.json")
			s, err := storage.Open(ctx, storage.Options{DatabaseURL: url, PasswordCost: bcrypt.MinCost, AuditHeadFile: file})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = s.Close() })
			s.Now = func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
			if _, err := s.Seed(ctx); err != nil {
				t.Fatal(err)
			}
			addZones(t, s, "LY,Liuyang ETDZ,,")
			if _, err := importCSV(s, "zone_code,indicator_code,period,value\nLY,SPC-01,2017,80\n", indicators.ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			same := func(what string) storage.AuditHead {
				t.Helper()
				h, err := storage.ReadAuditHead(file)
				if err != nil {
					t.Fatal(err)
				}
				rep := verify(t, s)
				if !rep.OK || h.LastID != int64(rep.Events) || h.LastHash != rep.Head || h.At.IsZero() {
					t.Fatalf("after %s the head file holds %+v, the trail %+v", what, h, rep)
				}
				return h
			}
			same("an import")
			if _, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: "SPC-03", Period: "2019",
				Value: 9460}, person("admin@x", indicators.RoleAdmin)); err != nil {
				t.Fatal(err)
			}
			same("a value saved")
			addZones(t, s, "A1,Zone A1,,")
			addZones(t, s, "A2,Zone A2,,")
			kept := same("a zone added")
			if rep, err := s.VerifyAuditHead(ctx, kept); err != nil || !rep.OK {
				t.Fatalf("the kept head should match: %+v %v", rep, err)
			}

			// Cut the last two events, and make the head row agree, as
			// someone editing the database would.
			storagetest.MustExec(t, url, fmt.Sprintf("DELETE FROM audit_events WHERE id > %d", kept.LastID-2))
			storagetest.MustExec(t, url, "UPDATE audit_head SET last_id = (SELECT MAX(id) FROM audit_events), last_hash = (SELECT hash FROM audit_events WHERE id = (SELECT MAX(id) FROM audit_events))")
			if rep := verify(t, s); !rep.OK {
				t.Fatalf("the cut trail should verify in itself: %+v", rep)
			}
			rep, err := s.VerifyAuditHead(ctx, kept)
			if err != nil || rep.OK || rep.EventID != kept.LastID || !strings.Contains(rep.Problem, "cut short") {
				t.Fatalf("a cut trail was not caught: %+v %v", rep, err)
			}

			// Write it again with other changes: the ids come back, with
			// other hashes.
			addZones(t, s, "B1,Zone B1,,")
			addZones(t, s, "B2,Zone B2,,")
			rep, err = s.VerifyAuditHead(ctx, kept)
			if err != nil || rep.OK || rep.EventID != kept.LastID || !strings.Contains(rep.Problem, "rewritten") {
				t.Fatalf("a rewritten trail was not caught: %+v %v", rep, err)
			}
		})
	}
}

func TestReadAuditHeadRefusesOtherFiles(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"empty": "", "text": "hello", "short_hash": `{"last_id":3,"last_hash":"ab"}`,
		"large": `{"last_id":3,"x":"` + strings.Repeat("a", 5000) + `"}`} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := storage.ReadAuditHead(path); err == nil {
			t.Errorf("%s: read as a head file", name)
		}
	}
	if _, err := storage.ReadAuditHead(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing file was read")
	}
}
