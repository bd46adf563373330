package main

import (
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestProgressCommand: the command line's progress report is the API's,
// in every format, and its usage errors are clear.
func TestProgressCommand(t *testing.T) {
	eachEngine(t, func(t *testing.T, p *program) {
		p.must("demo")
		base, stop, _ := p.serve(t)
		tok := token(t, base)
		for _, q := range []struct{ status, year string }{{"approved", "2019"}, {"any", "2020"}} {
			resp := get(t, base+"/api/v1/zones/LY/progress.csv?framework=igmc&year="+q.year+"&status="+q.status, tok)
			api, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("API %d: %s", resp.StatusCode, api)
			}
			cli := p.must("progress", "--zone", "LY", "--year", q.year, "--status", q.status)
			if cli != string(api) {
				t.Fatalf("status=%s year=%s: the CLI's progress CSV differs from the API's:\n%s\nAPI:\n%s", q.status, q.year, cli, api)
			}
		}
		if err := stop(); err != nil {
			t.Fatal(err)
		}
		js := p.must("progress", "--zone", "LY", "--year", "2020", "--status", "any", "--format", "json")
		if !strings.Contains(js, `"basis": "working"`) || !strings.Contains(js, `"zone": "LY"`) {
			t.Errorf("the JSON progress report does not say its zone and basis:\n%.400s", js)
		}
		out := filepath.Join(t.TempDir(), "LY.xlsx")
		p.must("progress", "--zone", "LY", "--year", "2019", "--format", "xlsx", "--out", out)
		f, err := excelize.OpenFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.GetSheetList()) == 0 {
			t.Error("the progress workbook has no sheet")
		}
		f.Close()
		for _, args := range [][]string{
			{"progress", "--year", "2019"},
			{"progress", "--zone", "LY", "--year", "2019", "--format", "pdf"},
			{"progress", "--zone", "LY", "--year", "2019", "--format", "doc"},
		} {
			if _, _, err := p.run(args...); err == nil {
				t.Errorf("%v: no error", args)
			}
		}
	})
}
