package main

import (
	"errors"
	"strings"
	"testing"
)

func TestPlanImportCommand(t *testing.T) {
	eachEngine(t, func(t *testing.T, p *program) {
		p.must("zones", "import", writeFile(t, "zones.csv", "code,name_en,name_zh,parent_code,type\nLY,Liuyang ETDZ,,,park\n"))
		bad := writeFile(t, "bad.csv", "zone_code,indicator_code,kind,year,value\nLY,ECO-01,baseline,2017,7.5\nLY,ECO-01,target,2016,10\nXX,ECO-01,baseline,2017,1\n")
		_, stderr, err := p.run("plan", "import", "--framework", "igmc", bad)
		var code exitCode
		if !errors.As(err, &code) || code != 1 {
			t.Fatalf("bad file: err %v, want exit status 1", err)
		}
		for _, want := range []string{"line 3: year:", "line 4: zone_code:"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr)
			}
		}
		good := writeFile(t, "good.csv", "zone_code,indicator_code,kind,year,value\nLY,ECO-01,baseline,2017,7.5\nLY,ECO-01,target,2020,10\n")
		if out := p.must("plan", "import", "--framework", "igmc", "--dry-run", good); !strings.Contains(out, "dry run") || !strings.Contains(out, "LY version 1") {
			t.Fatalf("dry run said %q", out)
		}
		if out := p.must("plan", "import", "--framework", "igmc", good); !strings.Contains(out, "LY version 1") {
			t.Fatalf("import said %q", out)
		}
		if out := p.must("plan", "import", "--framework", "igmc", good); !strings.Contains(out, "1 unchanged") {
			t.Fatalf("a second import said %q", out)
		}
	})
}
