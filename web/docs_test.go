package web_test

import (
	"io"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"testing"

	"igmc/web"
)

// TestAPIDocsMatchRoutes keeps docs/api.md true: its route table must list
// exactly the server's routes with the same permissions.
func TestAPIDocsMatchRoutes(t *testing.T) {
	doc, err := os.ReadFile("../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| (GET|HEAD|POST|PUT|DELETE|PATCH) \\| `([^`]+)` \\| (\\w+) \\|")
	documented := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(string(doc), -1) {
		documented[m[1]+" "+m[2]] = m[3]
	}
	param := regexp.MustCompile(`:(\w+)`)
	s := web.New(nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, r := range s.Routes() {
		key := r.Method + " " + param.ReplaceAllString(r.Path, "{$1}")
		perm, ok := documented[key]
		switch {
		case !ok:
			t.Errorf("docs/api.md does not list %s", key)
		case perm != string(r.Perm):
			t.Errorf("docs/api.md gives %s permission %q, the server %q", key, perm, r.Perm)
		}
		delete(documented, key)
	}
	for key := range documented {
		t.Errorf("docs/api.md lists %s, which the server does not have", key)
	}
	if strings.Count(string(doc), "| GET |") == 0 {
		t.Fatal("no routes found in docs/api.md")
	}
}
