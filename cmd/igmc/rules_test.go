package main

import (
	"errors"
	"strings"
	"testing"
)

func TestRulesImportCommand(t *testing.T) {
	eachEngine(t, func(t *testing.T, p *program) {
		bad := writeFile(t, "bad.csv", "code,left,operator,right\nr1,SPC-05,<=,SPC-01\nr2,SPC-05 * (NOPE-1,<=,1\n")
		_, stderr, err := p.run("rules", "import", "--framework", "igmc", bad)
		var code exitCode
		if !errors.As(err, &code) || code != 1 {
			t.Fatalf("bad file: err %v, want exit status 1", err)
		}
		if !strings.Contains(stderr, "line 3: left:") || !strings.Contains(stderr, "at character 17") {
			t.Errorf("stderr does not name the line and the position:\n%s", stderr)
		}
		good := writeFile(t, "good.csv", "code,left,operator,right,tolerance,severity\nr1,SPC-05,<=,SPC-01,0.01,warning\n")
		if out := p.must("rules", "import", "--framework", "igmc", "--dry-run", good); !strings.Contains(out, "dry run") || !strings.Contains(out, "1 rules in place of 3") {
			t.Fatalf("dry run said %q", out)
		}
		if out := p.must("rules", "import", "--framework", "igmc", good); !strings.Contains(out, "imported: 1 rules in place of 3") {
			t.Fatalf("import said %q", out)
		}
		if out := p.must("rules", "import", "--framework", "igmc", good); !strings.Contains(out, "1 rules in place of 1") {
			t.Fatalf("a second import said %q", out)
		}
	})
}
