package web_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/locale"
	"igmc/web"
)

// TestNoPageShowsNoValue renders every GET page of the route table (and
// every tab of the administration page) as each role that may see it, in
// both languages, on the demo data, and fails on "<no value>" (a message
// rendered without the values it names) or a missing message.
func TestNoPageShowsNoValue(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		paths := pagePaths(t, c)
		for _, tab := range []string{"users", "zones", "periods", "catalogue"} {
			paths = append(paths, "/admin?tab="+tab)
		}
		roles := map[indicators.Role]string{indicators.RoleAdmin: "admin@example.org"}
		for _, r := range []indicators.Role{indicators.RoleOfficer, indicators.RoleReviewer, indicators.RoleAuditor} {
			email := string(r) + "-nv@example.org"
			c.userToken(email, r, "LY")
			roles[r] = email
		}
		samples := (&matrixEnv{c: c}).samples()
		pathPerm := map[string]web.Permission{}
		for _, r := range web.New(c.store, nil).Routes() {
			if s, ok := samples[r.Method+" "+r.Path]; ok && r.Method == http.MethodGet {
				pathPerm[s.path] = r.Perm
			}
		}
		for role, email := range roles {
			sess, _ := session(t, c, email)
			for _, lang := range locale.Languages {
				for _, path := range paths {
					p, ok := pathPerm[path]
					if !ok {
						p = web.PermAdmin // the administration tabs
					}
					if p != web.PermPublic && !web.Allowed(role, p) {
						continue
					}
					resp, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: path,
						cookies: []*http.Cookie{sess, {Name: "igmc_lang", Value: lang}}})
					if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
						continue // a download
					}
					page := string(body)
					for _, bad := range []string{"<no value>", "&lt;no value&gt;", locale.MissingMark} {
						if i := strings.Index(page, bad); i >= 0 {
							t.Errorf("%s as %s (%s), status %d: %q in …%s…", path, role, lang, resp.StatusCode, bad, page[max(0, i-120):min(len(page), i+80)])
						}
					}
				}
			}
		}
	})
}

// TestMessageFilesHaveNoDuplicateKeys: a key given twice in one file
// silently keeps the last text (the cause of a column header that read
// "User <no value> added.").
func TestMessageFilesHaveNoDuplicateKeys(t *testing.T) {
	files, err := filepath.Glob("../locale/locales/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no message files: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(strings.NewReader(string(b)))
		if _, err := dec.Token(); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		seen := map[string]bool{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			key := tok.(string)
			if seen[key] {
				t.Errorf("%s gives %s twice", f, key)
			}
			seen[key] = true
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
		}
	}
}
