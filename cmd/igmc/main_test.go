package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"igmc/storage"
	"igmc/storage/storagetest"
)

const testPassword = "correct horse battery"

// token signs in as the first administrator over the API.
func token(t *testing.T, base string) string {
	t.Helper()
	resp, err := http.Post(base+"/api/v1/auth/token", "application/json", strings.NewReader(`{"email":"admin@example.org","password":"`+testPassword+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		t.Fatalf("no token: %d %v", resp.StatusCode, err)
	}
	return out.Token
}

// get fetches path with a bearer token.
func get(t *testing.T, url, tok string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// program runs igmc commands against one database, as a user would.
type program struct {
	t     *testing.T
	vars  map[string]string
	stdin string
}

func newProgram(t *testing.T, e storage.Engine) *program {
	return &program{t: t, vars: map[string]string{
		"IGMC_DATABASE_URL":   storagetest.URL(t, e),
		"IGMC_DATA_DIR":       t.TempDir(),
		"IGMC_ADDR":           "127.0.0.1:0",
		"IGMC_LOG_LEVEL":      "warn",
		"IGMC_ADMIN_EMAIL":    "admin@example.org",
		"IGMC_ADMIN_PASSWORD": testPassword,
	}}
}

func (p *program) env(stdout, stderr *bytes.Buffer) env {
	return env{getenv: func(k string) string { return p.vars[k] }, stdin: strings.NewReader(p.stdin), stdout: stdout, stderr: stderr}
}

// run returns stdout, stderr and the error of one command.
func (p *program) run(args ...string) (string, string, error) {
	var out, errb bytes.Buffer
	err := run(context.Background(), args, p.env(&out, &errb))
	return out.String(), errb.String(), err
}

func (p *program) must(args ...string) string {
	p.t.Helper()
	out, stderr, err := p.run(args...)
	if err != nil {
		p.t.Fatalf("igmc %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return out
}

func eachEngine(t *testing.T, fn func(t *testing.T, p *program)) {
	for _, e := range storagetest.Engines() {
		t.Run(string(e), func(t *testing.T) { fn(t, newProgram(t, e)) })
	}
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// serve starts igmc serve on a free port and returns its base URL, a stop
// function that cancels it as SIGTERM would and returns its error, and its
// standard error.
func (p *program) serve(t *testing.T) (string, func() error, *bytes.Buffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	var out, errb bytes.Buffer
	e := p.env(&out, &errb)
	e.ready = func(a string) { addr <- a }
	go func() { done <- run(ctx, []string{"serve"}, e) }()
	select {
	case a := <-addr:
		stop := func() error { cancel(); return <-done }
		return "http://" + a, stop, &errb
	case err := <-done:
		cancel()
		t.Fatalf("serve stopped: %v\n%s", err, errb.String())
	}
	return "", nil, nil
}

// TestServe starts the real program and reads the pilot catalogue over HTTP,
// then stops it as SIGTERM would.
func TestServe(t *testing.T) {
	eachEngine(t, func(t *testing.T, p *program) {
		base, stop, errb := p.serve(t)
		if resp, err := http.Get(base + "/api/v1/frameworks/igmc/indicators"); err != nil || resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("without a sign-in the catalogue should answer 401: %v %v", resp.StatusCode, err)
		}
		resp := get(t, base+"/api/v1/frameworks/igmc/indicators", token(t, base))
		raw := json.NewDecoder(resp.Body)
		var items struct {
			Items []map[string]any `json:"items"`
		}
		if err := raw.Decode(&items); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		order, points := []string{}, 0.0
		for _, it := range items.Items {
			pc := it["perspective_code"].(string)
			if len(order) == 0 || order[len(order)-1] != pc {
				order = append(order, pc)
			}
			for _, f := range []string{"name_en", "name_zh", "unit", "reference"} {
				if s, _ := it[f].(string); s == "" {
					t.Errorf("%v lacks %s", it["indicator_code"], f)
				}
			}
			points += it["points"].(float64)
		}
		if strings.Join(order, ",") != "space,services,economy,environment,society,culture" || len(items.Items) < 48 || points != 320 {
			t.Fatalf("perspectives %v, %d indicators, %v points", order, len(items.Items), points)
		}
		if err := stop(); err != nil {
			t.Fatalf("serve did not shut down cleanly: %v", err)
		}
		if strings.Contains(errb.String(), "password") {
			t.Fatal("the start-up log mentions a password")
		}
	})
}

func TestCatalogueExportImportRoundTrip(t *testing.T) {
	eachEngine(t, func(t *testing.T, p *program) {
		first := p.must("catalogue", "export", "--framework", "igmc")
		file := writeFile(t, "igmc.csv", first)
		msg := p.must("catalogue", "import", "--framework", "copy", file)
		if !strings.Contains(msg, "48 new") {
			t.Fatalf("import said %q", msg)
		}
		second := p.must("catalogue", "export", "--framework", "copy")
		if first != second {
			t.Fatal("the copy does not export byte for byte the same catalogue")
		}
		if strings.Count(first, "\n") != 49 {
			t.Fatalf("export has %d lines, want header + 48", strings.Count(first, "\n"))
		}
	})
}

func TestMeasurementsImportCommand(t *testing.T) {
	eachEngine(t, func(t *testing.T, p *program) {
		zones := writeFile(t, "zones.csv", "code,name_en,name_zh,parent_code\nLY,Liuyang ETDZ,浏阳经济技术开发区,\nLY-N,North,北区,LY\n")
		if out := p.must("zones", "import", zones); !strings.Contains(out, "2 new") {
			t.Fatalf("zones import said %q", out)
		}
		bad := writeFile(t, "bad.csv", "zone_code,indicator_code,period,value\nLY,SPC-01,2019,80\nLY,NOPE,2019,1\nXX,SPC-01,2019,1\nLY,SPC-01,2019-Q1,1\nLY,SPC-01,2018,eighty\nLY,SPC-01,2017,150\nLY,SPC-01,2019,81\n")
		_, stderr, err := p.run("measurements", "import", "--framework", "igmc", bad)
		var code exitCode
		if !errors.As(err, &code) || code != 1 {
			t.Fatalf("bad file: err %v, want exit status 1", err)
		}
		for _, want := range []string{"line 3: indicator_code:", "line 4: zone_code:", "line 5: period:", "line 6: value:", "line 7: value:", "line 8: period:"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr)
			}
		}
		if n := strings.Count(stderr, "\nline "); n != 6 {
			t.Errorf("%d error lines, want 6:\n%s", n, stderr)
		}
		good := writeFile(t, "good.csv", "zone_code,indicator_code,period,value\nLY,SPC-01,2019,80\nLY-N,SPC-01,2019,70\n")
		if out := p.must("measurements", "import", "--framework", "igmc", "--dry-run", good); !strings.Contains(out, "dry run") || !strings.Contains(out, "2 new") {
			t.Fatalf("dry run said %q", out)
		}
		if out := p.must("measurements", "export", "--framework", "igmc"); strings.Count(out, "\n") != 1 {
			t.Fatalf("a dry run wrote values:\n%s", out)
		}
		p.must("measurements", "import", "--framework", "igmc", "--approve", good)
		out := p.must("measurements", "export", "--framework", "igmc", "--zone", "LY")
		if out != "zone_code,indicator_code,period,value,source,comment,status,version,quality\nLY,SPC-01,2019,80,,,approved,1,administrative\n" {
			t.Fatalf("export:\n%s", out)
		}
		p.stdin = "zone_code,indicator_code,period,value\nLY,SPC-01,2019,82\n"
		p.must("measurements", "import", "--framework", "igmc", "-")
		hist := p.must("measurements", "export", "--framework", "igmc", "--zone", "LY", "--history")
		lines := strings.Split(strings.TrimSpace(hist), "\n")
		if len(lines) != 3 || !strings.HasPrefix(lines[1], "LY,SPC-01,2019,80,,,approved,1,cli,") || !strings.HasSuffix(lines[1], ",false,,administrative") ||
			!strings.HasPrefix(lines[2], "LY,SPC-01,2019,82,,,submitted,2,cli,") || !strings.HasSuffix(lines[2], ",true,,administrative") {
			t.Fatalf("history export:\n%s", hist)
		}
	})
}

func TestCommandErrors(t *testing.T) {
	p := newProgram(t, storage.SQLite)
	if _, _, err := p.run("frobnicate"); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Fatalf("unknown command: %v", err)
	}
	if _, _, err := p.run("measurements", "import", "file.csv"); err == nil || !strings.Contains(err.Error(), "--framework") {
		t.Fatalf("missing framework: %v", err)
	}
	if _, _, err := p.run("catalogue", "import", "--framework", "x", "/does/not/exist.csv"); err == nil {
		t.Fatal("a missing file was accepted")
	}
	p.vars["IGMC_DATABASE_URL"] = "mysql://root@localhost/x"
	if _, _, err := p.run("migrate"); err == nil || !strings.Contains(err.Error(), "postgres://") {
		t.Fatalf("bad database URL: %v", err)
	}
	p.vars["IGMC_DATABASE_URL"] = "postgres://user:s3cret@127.0.0.1:1/x?connect_timeout=1"
	_, _, err := p.run("migrate")
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("unreachable database: %v", err)
	}
}
