package web_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/web"
)

// matrixCaller is one identity the authorization matrix sends requests as.
type matrixCaller struct {
	name  string
	role  indicators.Role // empty for the anonymous caller
	token string
	// inZone says whether LY (and so LY-N) is in the caller's scope.
	inZone bool
}

// sample is how the matrix calls one route: the concrete request, what the
// route concerns and, for a caller that may use it, what it answers.
type sample struct {
	path, body, ctype string
	// zoneLY marks a request about zone LY: officers and reviewers of
	// another zone must be refused with 403 although their role may use
	// the route.
	zoneLY bool
	// ok is the status an allowed, in-scope caller gets (0: any status but
	// 401 and 403).
	ok int
	// prepare, when set, builds the request per caller, on fresh data, so
	// that state changed by earlier rows cannot change the expectation.
	prepare func(t *testing.T, who matrixCaller) prepared
	// check, when set, looks into the answer of a caller the route lets in.
	check func(t *testing.T, who matrixCaller, body []byte)
}

// prepared is a request built for one caller, with what to verify after.
type prepared struct {
	path, body, ctype string
	cookies           []*http.Cookie
	verify            func(t *testing.T, resp *http.Response)
}

// matrixEnv is the data the matrix works on, per engine.
type matrixEnv struct {
	c *client
	// id is a measurement in LY that only the read routes use.
	id int64
	// target is the user that PUT /api/v1/users/:id renames.
	target indicators.User
	// catalogue is the igmc catalogue as exported: importing it again
	// changes nothing.
	catalogue string
	months    int
}

// TestAuthorizationMatrix sends every route of the route table as every
// kind of caller and checks the answer against the route's permission, the
// role table (web.Allowed) and the caller's zones. A route without a
// sample fails the test, so a new route cannot escape the matrix.
//
// A caller the route lets in must not get 401 or 403; where the outcome is
// well defined the exact status is checked too. Business rules (409 for a
// stale version or a closed period, 422 for a bad body) are tested
// elsewhere: the routes that change state get fresh data per caller
// (prepare), so those rules do not get in the way here.
func TestAuthorizationMatrix(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.do("POST", "/api/v1/zones", `{"code":"OTHER","name_en":"Another zone"}`, 201, nil)
		// The administrator comes last: the refusals of an
		// administrator-only change are sent before the one call that
		// makes it, and are checked to have changed nothing.
		callers := []matrixCaller{
			{name: "anonymous"},
			{name: "officer_in", role: indicators.RoleOfficer, token: c.userToken("officer@example.org", indicators.RoleOfficer, "LY"), inZone: true},
			{name: "officer_out", role: indicators.RoleOfficer, token: c.userToken("officer-other@example.org", indicators.RoleOfficer, "OTHER")},
			{name: "reviewer_in", role: indicators.RoleReviewer, token: c.userToken("reviewer@example.org", indicators.RoleReviewer, "LY"), inZone: true},
			{name: "reviewer_out", role: indicators.RoleReviewer, token: c.userToken("reviewer-other@example.org", indicators.RoleReviewer, "OTHER")},
			{name: "auditor", role: indicators.RoleAuditor, token: c.userToken("auditor@example.org", indicators.RoleAuditor), inZone: true},
			{name: "admin", role: indicators.RoleAdmin, token: c.token, inZone: true},
		}
		e := &matrixEnv{c: c, catalogue: string(c.do("GET", "/api/v1/frameworks/igmc/catalogue.csv", "", 200, nil))}
		var m measurementJSON
		c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2019","value":80}`, 201, &m)
		e.id = m.ID
		var err error
		e.target, err = c.store.CreateUser(context.Background(), indicators.UserInput{Email: "target@example.org", Name: "Target",
			Role: indicators.RoleAuditor, Password: "correct horse battery"}, indicators.System)
		if err != nil {
			t.Fatal(err)
		}

		samples := e.samples()
		srv := web.New(c.store, slog.New(slog.DiscardHandler))
		routes := srv.Routes()
		known := map[string]bool{}
		// The router serves the table and nothing else: a route registered
		// some other way would escape both the table and the matrix.
		inTable := map[string]bool{}
		for _, r := range routes {
			inTable[r.Method+" "+r.Path] = true
		}
		for _, key := range registeredRoutes(t, srv) {
			if !inTable[key] {
				t.Errorf("the router serves %s, which is not in the route table (web/routes.go)", key)
			}
		}
		for _, r := range routes {
			key := r.Method + " " + r.Path
			known[key] = true
			s, ok := samples[key]
			if !ok {
				t.Errorf("route %s has no sample: add one to matrixEnv.samples", key)
				continue
			}
			for _, who := range callers {
				t.Run(r.Method+"_"+r.Path+"/"+who.name, func(t *testing.T) {
					e.run(t, r, s, who)
				})
			}
		}
		for key := range samples {
			if !known[key] {
				t.Errorf("sample %s matches no route: remove it", key)
			}
		}
	})
}

// registeredRoutes is what the server's router actually serves, as
// "METHOD pattern".
func registeredRoutes(t *testing.T, srv *web.Server) []string {
	t.Helper()
	engine, ok := srv.Handler().(*gin.Engine)
	if !ok {
		t.Fatalf("the server's handler is a %T, not the Gin engine the matrix walks", srv.Handler())
	}
	var out []string
	for _, r := range engine.Routes() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

// run sends one row of the matrix and checks its answer.
func (e *matrixEnv) run(t *testing.T, r web.Route, s sample, who matrixCaller) {
	p := prepared{path: s.path, body: s.body, ctype: s.ctype}
	if s.prepare != nil {
		p = s.prepare(t, who)
	}
	if p.ctype == "" && p.body != "" {
		p.ctype = "application/json"
	}
	resp, body := exchange(t, e.c.srv.URL, httpCall{method: r.Method, path: p.path, ctype: p.ctype, body: p.body, token: who.token, cookies: p.cookies})
	got := resp.StatusCode
	api := strings.HasPrefix(r.Path, "/api/")
	switch {
	case r.Perm == web.PermPublic:
		if got == http.StatusUnauthorized || got == http.StatusForbidden {
			t.Fatalf("public route refused %s with %d: %s", who.name, got, body)
		}
	case who.role == "" && !api && r.Method == http.MethodGet:
		if loc := resp.Header.Get("Location"); got != http.StatusSeeOther || !strings.HasPrefix(loc, "/login?next=") {
			t.Fatalf("anonymous page request: %d to %q, want 303 to /login?next=…", got, loc)
		}
		return
	case who.role == "":
		wantRefusal(t, resp, body, http.StatusUnauthorized, "unauthorized")
	case !web.Allowed(who.role, r.Perm):
		wantRefusal(t, resp, body, http.StatusForbidden, "forbidden")
	case s.zoneLY && !who.inZone:
		wantRefusal(t, resp, body, http.StatusForbidden, "forbidden")
	default:
		if got == http.StatusUnauthorized || got == http.StatusForbidden {
			t.Fatalf("%s (%s) may use %s %s (%s) but got %d: %s", who.name, who.role, r.Method, r.Path, r.Perm, got, body)
		}
	}
	refused := got == http.StatusUnauthorized || got == http.StatusForbidden
	switch {
	case refused:
	case s.ok != 0 && got != s.ok:
		t.Errorf("%s %s as %s: status %d, want %d: %s", r.Method, p.path, who.name, got, s.ok, body)
	case s.check != nil:
		s.check(t, who, body)
	}
	if p.verify != nil {
		p.verify(t, resp)
	}
}

func wantRefusal(t *testing.T, resp *http.Response, body []byte, status int, code string) {
	t.Helper()
	var e apiError
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", resp.StatusCode, status, body)
	}
	if !strings.HasPrefix(resp.Request.URL.Path, "/api/") {
		// Pages refuse with the error page, in HTML.
		if !strings.Contains(string(body), `data-error-code="`+code+`"`) {
			t.Fatalf("refusal is not the error page %q: %.300s", code, body)
		}
		return
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Error.Code != code {
		t.Fatalf("refusal is not the JSON error %q: %s", code, body)
	}
}
