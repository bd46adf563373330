package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const demoGolden = "testdata/demo-LY-2019.json"

// TestDemoScorecardGolden: the demo zone's official 2019 scorecard, byte for
// byte. Any change to the method, the catalogue or the demo data shows here;
// rewrite it on purpose with go test ./cmd/igmc -run Golden -update.
func TestDemoScorecardGolden(t *testing.T) {
	eachEngine(t, func(t *testing.T, p *program) {
		out := p.must("demo")
		if !strings.Contains(out, "demo loaded") {
			t.Fatalf("demo said %q", out)
		}
		if again := p.must("demo"); !strings.Contains(again, "(0 new)") {
			t.Fatalf("running the demo twice added values: %q", again)
		}
		got := p.must("scorecard", "--framework", "igmc", "--zone", "LY", "--year", "2019", "--format", "json")
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, []byte(got), "", "  "); err != nil {
			t.Fatal(err)
		}
		pretty.WriteByte('\n')
		if *update {
			if err := os.WriteFile(demoGolden, pretty.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(demoGolden)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(pretty.Bytes(), want) {
			t.Fatalf("the demo scorecard differs from %s; if the change is meant, run with -update and review the diff", demoGolden)
		}
		var card struct {
			Perspectives []struct {
				Code  string
				Score *float64
			}
			Indicators []struct {
				Trend *string
			}
		}
		_ = json.Unmarshal([]byte(got), &card)
		scored, onTrack, notOnTrack := 0, 0, 0
		for _, pc := range card.Perspectives {
			if pc.Score != nil {
				scored++
			}
		}
		for _, ic := range card.Indicators {
			switch {
			case ic.Trend != nil && *ic.Trend == "on_track":
				onTrack++
			case ic.Trend != nil:
				notOnTrack++
			}
		}
		if scored != 6 || onTrack == 0 || notOnTrack == 0 {
			t.Fatalf("demo 2019: %d perspectives scored, %d indicators on track, %d not", scored, onTrack, notOnTrack)
		}
	})
}

// TestCLIAndAPIGiveTheSameScorecard compares the bytes of igmc scorecard
// --format json with those of the API for the same query.
func TestCLIAndAPIGiveTheSameScorecard(t *testing.T) {
	eachEngine(t, func(t *testing.T, p *program) {
		p.must("demo")
		base, stop, _ := p.serve(t)
		tok := token(t, base)
		for _, q := range []struct{ status, year string }{{"approved", "2019"}, {"any", "2020"}, {"approved", "2020"}} {
			resp := get(t, base+"/api/v1/zones/LY/scorecard?framework=igmc&year="+q.year+"&status="+q.status, tok)
			api, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("API %d: %s", resp.StatusCode, api)
			}
			cli := p.must("scorecard", "--framework", "igmc", "--zone", "LY", "--year", q.year, "--status", q.status, "--format", "json")
			if strings.TrimSuffix(cli, "\n") != string(api) {
				t.Fatalf("status=%s year=%s: the CLI and the API differ", q.status, q.year)
			}
		}
		// 2020 values are submitted, not approved: the working view differs.
		off := p.must("scorecard", "--zone", "LY", "--year", "2020", "--format", "json")
		work := p.must("scorecard", "--zone", "LY", "--year", "2020", "--status", "any", "--format", "json")
		if off == work || !strings.Contains(work, `"basis":"working"`) || !strings.Contains(off, `"basis":"official"`) {
			t.Fatal("the official and working 2020 scorecards should differ and say their basis")
		}
		if err := stop(); err != nil {
			t.Fatal(err)
		}
	})
}

func TestScorecardFormats(t *testing.T) {
	p := newProgram(t, "sqlite")
	p.must("demo")
	table := p.must("scorecard", "--zone", "LY", "--year", "2019")
	for _, want := range []string{"official basis", "Index ", "PERSPECTIVE", "SPC-01", "Land development rate"} {
		if !strings.Contains(table, want) {
			t.Errorf("the table lacks %q", want)
		}
	}
	csv := p.must("scorecard", "--zone", "LY", "--year", "2019", "--format", "csv")
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if len(lines) != 1+1+6+48 || !strings.HasPrefix(lines[1], "igmc,LY,2019,official,") {
		t.Fatalf("csv has %d lines:\n%s", len(lines), strings.Join(lines[:3], "\n"))
	}
	if _, _, err := p.run("scorecard", "--zone", "LY", "--year", "2019", "--status", "maybe"); err == nil {
		t.Fatal("a bad status was accepted")
	}
	if _, _, err := p.run("scorecard", "--zone", "NOPE", "--year", "2019"); err == nil {
		t.Fatal("an unknown zone was accepted")
	}
}
