package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"igmc/storage/storagetest"
)

// TestAuditVerifyCommand: igmc audit verify passes on an untouched database
// and exits 1 naming the place after a value or an event is edited with
// plain SQL, on every engine.
func TestAuditVerifyCommand(t *testing.T) {
	eachEngine(t, func(t *testing.T, p *program) {
		p.must("demo")
		out := p.must("audit", "verify")
		if !strings.HasPrefix(out, "ok: ") {
			t.Fatalf("untouched database: %q", out)
		}
		broken := func(sql, want string) {
			t.Helper()
			storagetest.MustExec(t, p.vars["IGMC_DATABASE_URL"], sql)
			out, _, err := p.run("audit", "verify")
			var code exitCode
			if !errors.As(err, &code) || code != 1 {
				t.Fatalf("after %q: err %v, want exit status 1", sql, err)
			}
			if !strings.HasPrefix(out, "BROKEN: ") || !strings.Contains(out, want) {
				t.Fatalf("after %q the report does not name %q:\n%s", sql, want, out)
			}
		}
		p.vars["IGMC_LOG_LEVEL"] = "error"
		// One value entered through the tracker, then changed behind its back.
		p.stdin = ""
		p.must("measurements", "import", "--framework", "igmc", "--accept-warnings", writeFile(t, "one.csv", "zone_code,indicator_code,period,value\nLY,SPC-01,2021,95\n"))
		broken("UPDATE measurements SET value = 99 WHERE period = '2021'", "version")
		storagetest.MustExec(t, p.vars["IGMC_DATABASE_URL"], "UPDATE measurements SET value = 95 WHERE period = '2021'")
		if out := p.must("audit", "verify"); !strings.HasPrefix(out, "ok: ") {
			t.Fatalf("restoring the value should verify again: %q", out)
		}
		broken("UPDATE audit_events SET reason = 'tidied up' WHERE id = 5", "event 5")
	})
}

// TestAuditVerifyHeadFile: with IGMC_AUDIT_HEAD_FILE set every change
// writes the head; audit verify --head with a copy of it exits 1 once the
// trail is cut short, although the trail verifies in itself.
func TestAuditVerifyHeadFile(t *testing.T) {
	eachEngine(t, func(t *testing.T, p *program) {
		head := filepath.Join(t.TempDir(), "head.json")
		p.vars["IGMC_AUDIT_HEAD_FILE"] = head
		p.must("zones", "import", writeFile(t, "zones.csv", "code,name_en,name_zh,parent_code,type\nLY,Liuyang ETDZ,,,park\n"))
		p.must("zones", "import", writeFile(t, "zones2.csv", "code,name_en,name_zh,parent_code,type\nLX,Liuyang X,,,park\n"))
		b, err := os.ReadFile(head)
		if err != nil {
			t.Fatal(err)
		}
		kept := writeFile(t, "kept.json", string(b))
		if out := p.must("audit", "verify", "--head", kept); !strings.HasPrefix(out, "ok: ") {
			t.Fatalf("the kept head should match: %q", out)
		}
		url := p.vars["IGMC_DATABASE_URL"]
		storagetest.MustExec(t, url, "DELETE FROM audit_events WHERE id = (SELECT MAX(id) FROM audit_events)")
		storagetest.MustExec(t, url, "UPDATE audit_head SET last_id = (SELECT MAX(id) FROM audit_events), last_hash = (SELECT hash FROM audit_events WHERE id = (SELECT MAX(id) FROM audit_events))")
		if out := p.must("audit", "verify"); !strings.HasPrefix(out, "ok: ") {
			t.Fatalf("the cut trail should verify in itself: %q", out)
		}
		out, _, err := p.run("audit", "verify", "--head", kept)
		var code exitCode
		if !errors.As(err, &code) || code != 1 || !strings.Contains(out, "cut short") {
			t.Fatalf("a cut trail was not caught: %v\n%s", err, out)
		}
		if _, _, err := p.run("audit", "verify", "--head", writeFile(t, "bad.json", "nonsense")); err == nil {
			t.Fatal("a file that is not a head file was taken")
		}
	})
}

// TestAuditVerifyNamesImportedValue: after a direct SQL edit of one value
// of an imported batch, audit verify names its zone, indicator, period
// and version.
func TestAuditVerifyNamesImportedValue(t *testing.T) {
	eachEngine(t, func(t *testing.T, p *program) {
		p.vars["IGMC_LOG_LEVEL"] = "error"
		p.must("zones", "import", writeFile(t, "zones.csv", "code,name_en,name_zh,parent_code,type\nLY,Liuyang ETDZ,,,park\n"))
		p.must("measurements", "import", "--framework", "igmc", "--accept-warnings", writeFile(t, "batch.csv",
			"zone_code,indicator_code,period,value\nLY,SPC-01,2017,80\nLY,SPC-01,2018,86\nLY,SPC-03,2018,9000\n"))
		storagetest.MustExec(t, p.vars["IGMC_DATABASE_URL"], "UPDATE measurements SET value = 87 WHERE value = 86")
		out, _, err := p.run("audit", "verify")
		var code exitCode
		if !errors.As(err, &code) || code != 1 || !strings.Contains(out, "(LY, SPC-01, 2018) version 1") {
			t.Fatalf("the edited value is not named: %v\n%s", err, out)
		}
	})
}
