package main

import (
	"errors"
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
