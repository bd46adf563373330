package main

import (
	"errors"
	"strings"
	"testing"
)

// TestSignOffCommands signs a year off from the command line: refused
// while a value awaits approval, then signed, listed, and withdrawn only
// with a reason.
func TestSignOffCommands(t *testing.T) {
	eachEngine(t, func(t *testing.T, p *program) {
		p.must("zones", "import", writeFile(t, "zones.csv", "code,name_en,name_zh,parent_code,type\nLY,Liuyang ETDZ,,,park\n"))
		values := writeFile(t, "values.csv", "zone_code,indicator_code,period,value\nLY,SPC-01,2020,70\n")
		p.must("measurements", "import", "--framework", "igmc", "--accept-warnings", values)
		_, stderr, err := p.run("signoff", "--zone", "LY", "--year", "2020")
		var code exitCode
		if !errors.As(err, &code) || code != 1 || !strings.Contains(stderr, "SPC-01 2020 (submitted)") {
			t.Fatalf("an unapproved value: err %v, stderr %q", err, stderr)
		}
		approved := writeFile(t, "approved.csv", "zone_code,indicator_code,period,value\nLY,SPC-01,2020,71\n")
		p.must("measurements", "import", "--framework", "igmc", "--approve", "--accept-warnings", approved)
		out := p.must("signoff", "--zone", "LY", "--year", "2020")
		if !strings.HasPrefix(out, "signed off: 1 igmc LY 2020, method ") || !strings.Contains(out, "catalogue sha256 ") {
			t.Fatalf("signoff said %q", out)
		}
		if out := p.must("signoff", "list", "--year", "2020"); !strings.Contains(out, "1\tigmc\tLY\t2020\t") || !strings.Contains(out, "in force") {
			t.Fatalf("list said %q", out)
		}
		if _, stderr, err := p.run("signoff", "withdraw", "1"); err == nil || !strings.Contains(stderr, "reason is required") {
			t.Fatalf("withdrawal without a reason: err %v, stderr %q", err, stderr)
		}
		if out := p.must("signoff", "withdraw", "1", "--reason", "figures revised"); out != "withdrawn: 1 igmc LY 2020\n" {
			t.Fatalf("withdraw said %q", out)
		}
		if out := p.must("signoff", "list"); !strings.Contains(out, "withdrawn ") || !strings.Contains(out, "figures revised") {
			t.Fatalf("list after the withdrawal said %q", out)
		}
	})
}
