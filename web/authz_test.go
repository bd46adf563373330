package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/reports"
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
		routes := web.New(c.store, slog.New(slog.DiscardHandler)).Routes()
		known := map[string]bool{}
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

// samples gives every route of the table its request. The key is the
// route's method and path pattern; :fw is igmc, :zone LY, :year 2019 and
// :id a measurement (or token, or user) made for the purpose.
func (e *matrixEnv) samples() map[string]sample {
	mid := "/api/v1/measurements/" + itoa(e.id)
	const csv = "text/csv"
	m := map[string]sample{
		"GET /static/*file": {path: "/static/app.css", ok: 200},
		"POST /language":    {ok: 303, prepare: e.languageForm},
		"GET /healthz":      {path: "/healthz", ok: 200},
		"HEAD /healthz":     {path: "/healthz", ok: 200, check: emptyBody},
		"GET /readyz":       {path: "/readyz", ok: 200},
		"HEAD /readyz":      {path: "/readyz", ok: 200, check: emptyBody},
		"GET /metrics":      {path: "/metrics", ok: 200},
		"GET /login":        {path: "/login", ok: 200},
		"POST /login":       {ok: 303, prepare: e.signInForm},
		"POST /logout":      {path: "/logout", ok: 303},
		"POST /api/v1/auth/token": {path: "/api/v1/auth/token", ok: 201,
			body: `{"email":"admin@example.org","password":"correct horse battery","name":"matrix"}`},
		"GET /api/v1/auth/me":       {path: "/api/v1/auth/me", ok: 200, check: checkMe},
		"GET /api/v1/tokens":        {path: "/api/v1/tokens", ok: 200},
		"POST /api/v1/tokens":       {path: "/api/v1/tokens", body: `{"name":"matrix"}`, ok: 201},
		"DELETE /api/v1/tokens/:id": {ok: 204, prepare: e.throwawayToken},
		"GET /api/v1/users":         {path: "/api/v1/users", ok: 200},
		"POST /api/v1/users": {path: "/api/v1/users", ok: 201,
			body: `{"email":"created@example.org","role":"auditor","password":"correct horse battery"}`},
		"PUT /api/v1/users/:id": {ok: 200, prepare: e.renameUser},

		"GET /api/v1/frameworks":                          {path: "/api/v1/frameworks", ok: 200},
		"POST /api/v1/frameworks":                         {path: "/api/v1/frameworks", body: `{"framework_code":"matrix","name_en":"Matrix"}`, ok: 200},
		"GET /api/v1/frameworks/:fw":                      {path: "/api/v1/frameworks/igmc", ok: 200},
		"GET /api/v1/frameworks/:fw/indicators":           {path: "/api/v1/frameworks/igmc/indicators", ok: 200},
		"POST /api/v1/frameworks/:fw/catalogue":           {path: "/api/v1/frameworks/igmc/catalogue", body: e.catalogue, ctype: csv, ok: 200},
		"GET /api/v1/frameworks/:fw/catalogue.csv":        {path: "/api/v1/frameworks/igmc/catalogue.csv", ok: 200},
		"GET /api/v1/frameworks/:fw/ranking":              {path: "/api/v1/frameworks/igmc/ranking?year=2019", ok: 200, check: checkRanking},
		"GET /api/v1/frameworks/:fw/periods":              {path: "/api/v1/frameworks/igmc/periods", ok: 200},
		"POST /api/v1/frameworks/:fw/periods/:year/close": {path: "/api/v1/frameworks/igmc/periods/2019/close", body: `{"reason":"authorization matrix"}`, ok: 200},
		// Reopen comes right after close in the table: 2019 is closed only
		// between the two.
		"POST /api/v1/frameworks/:fw/periods/:year/reopen": {path: "/api/v1/frameworks/igmc/periods/2019/reopen", body: `{"reason":"authorization matrix"}`, ok: 200},

		"GET /api/v1/zones":                 {path: "/api/v1/zones", ok: 200, check: checkZones},
		"POST /api/v1/zones":                {path: "/api/v1/zones", body: `{"code":"MATRIX","name_en":"Matrix zone"}`, ok: 201},
		"POST /api/v1/zones/import":         {path: "/api/v1/zones/import", body: "code,name_en\nIMPORTED,Imported zone\n", ctype: csv, ok: 200},
		"GET /api/v1/zones/:zone":           {path: "/api/v1/zones/LY", zoneLY: true, ok: 200},
		"GET /api/v1/zones/:zone/scorecard": {path: "/api/v1/zones/LY/scorecard?year=2019", zoneLY: true, ok: 200},
		"GET /api/v1/zones/:zone/scorecard.csv": {path: "/api/v1/zones/LY/scorecard.csv?framework=igmc&year=2019", zoneLY: true, ok: 200,
			check: func(t *testing.T, _ matrixCaller, body []byte) {
				if !strings.HasPrefix(string(body), "framework,zone,year,") || !strings.Contains(string(body), "\nigmc,LY,2019,official,") {
					t.Errorf("the LY scorecard CSV is not LY's:\n%s", body)
				}
			}},
		"GET /api/v1/zones/:zone/scorecard.xlsx": {path: "/api/v1/zones/LY/scorecard.xlsx?framework=igmc&year=2019", zoneLY: true, ok: 200,
			check: func(t *testing.T, _ matrixCaller, body []byte) {
				if !bytes.HasPrefix(body, []byte("PK")) {
					t.Errorf("the LY scorecard XLSX is not a workbook: %.40q", body)
				}
			}},

		"GET /api/v1/measurements":  {path: "/api/v1/measurements", ok: 200, check: checkMeasurements},
		"POST /api/v1/measurements": {zoneLY: true, ok: 201, prepare: e.newValue},
		"POST /api/v1/measurements/import": {path: "/api/v1/measurements/import?framework=igmc", zoneLY: true, ok: 200, ctype: csv,
			body: "zone_code,indicator_code,period,value\nLY,SPC-01,2018,70\n"},
		"POST /api/v1/measurements/submit":      {zoneLY: true, ok: 200, prepare: e.bulk("submit", false, "")},
		"POST /api/v1/measurements/approve":     {zoneLY: true, ok: 200, prepare: e.bulk("approve", true, "")},
		"POST /api/v1/measurements/reject":      {zoneLY: true, ok: 200, prepare: e.bulk("reject", true, "please check the source")},
		"GET /api/v1/measurements/:id":          {path: mid, zoneLY: true, ok: 200},
		"PUT /api/v1/measurements/:id":          {zoneLY: true, ok: 200, prepare: e.edit},
		"GET /api/v1/measurements/:id/history":  {path: mid + "/history", zoneLY: true, ok: 200},
		"POST /api/v1/measurements/:id/submit":  {zoneLY: true, ok: 200, prepare: e.one("submit", false, "")},
		"POST /api/v1/measurements/:id/approve": {zoneLY: true, ok: 200, prepare: e.one("approve", true, "")},
		"POST /api/v1/measurements/:id/reject":  {zoneLY: true, ok: 200, prepare: e.one("reject", true, "please check the source")},

		"GET /api/v1/audit/events": {path: "/api/v1/audit/events?limit=1000", ok: 200, check: checkAuditEvents},
		"GET /api/v1/audit/verify": {path: "/api/v1/audit/verify", ok: 200, check: checkVerify},
		"GET /api/v1/exports/measurements.csv": {path: "/api/v1/exports/measurements.csv?framework=igmc&zone=LY", zoneLY: true, ok: 200,
			check: func(t *testing.T, _ matrixCaller, body []byte) {
				if !strings.Contains(string(body), "\nLY,SPC-01,2019,") {
					t.Errorf("the LY export lacks the LY value:\n%s", body)
				}
			}},
		"GET /api/v1/exports/audit.csv":  {path: "/api/v1/exports/audit.csv", ok: 200, check: checkAuditCSV},
		"GET /api/v1/exports/bundle.zip": {path: "/api/v1/exports/bundle.zip?framework=igmc&year=2019", ok: 200, check: checkBundle},
	}
	// The pages, by area: each area's test file gives its samples.
	for _, area := range []map[string]sample{e.homeSamples(), e.cataloguePageSamples(), e.scorecardPageSamples(), e.entrySamples(),
		e.importPageSamples(), e.reviewPageSamples(), e.auditPageSamples(), e.adminSamples(), e.reportSamples(), e.planSamples()} {
		for k, v := range area {
			if _, dup := m[k]; dup {
				panic("two samples for " + k)
			}
			m[k] = v
		}
	}
	return m
}

// languageForm posts the language switch with the sign-in form's CSRF
// cookie, as a visitor's browser would.
func (e *matrixEnv) languageForm(t *testing.T, _ matrixCaller) prepared {
	cookie, token := loginCSRF(t, e.c.srv.URL)
	return prepared{path: "/language", body: "lang=zh&next=%2F&csrf_token=" + token, ctype: formType, cookies: []*http.Cookie{cookie}}
}

// admin is the administrator's client, reporting to t.
func (e *matrixEnv) admin(t *testing.T) *client {
	cp := *e.c
	cp.t = t
	return &cp
}

// nextPeriod is a month no fresh value has used yet.
func (e *matrixEnv) nextPeriod() string {
	e.months++
	return fmt.Sprintf("%d-%02d", 2000+e.months/12, e.months%12+1)
}

// fresh makes a new value of LY (ENV-01, monthly) as the administrator,
// submitted when asked.
func (e *matrixEnv) fresh(t *testing.T, submitted bool) measurementJSON {
	t.Helper()
	var m measurementJSON
	body := fmt.Sprintf(`{"framework_code":"igmc","zone_code":"LY","indicator_code":"ENV-01","period":%q,"value":40}`, e.nextPeriod())
	e.admin(t).do("POST", "/api/v1/measurements", body, 201, &m)
	if submitted {
		e.admin(t).do("POST", "/api/v1/measurements/"+itoa(m.ID)+"/submit", "", 200, &m)
	}
	return m
}

// keptUnlessAccepted checks that a refused request left measurement id at
// its version, and that an accepted one made a new version.
func (e *matrixEnv) keptUnlessAccepted(m measurementJSON) func(t *testing.T, resp *http.Response) {
	return func(t *testing.T, resp *http.Response) {
		var now measurementJSON
		e.admin(t).do("GET", "/api/v1/measurements/"+itoa(m.ID), "", 200, &now)
		switch resp.StatusCode {
		case http.StatusUnauthorized, http.StatusForbidden:
			if now.Version != m.Version || now.Status != m.Status {
				t.Errorf("the refused request changed measurement %d: %s v%d, was %s v%d", m.ID, now.Status, now.Version, m.Status, m.Version)
			}
		case http.StatusOK:
			if now.Version == m.Version {
				t.Errorf("the request was accepted but measurement %d is still at version %d", m.ID, m.Version)
			}
		}
	}
}

func (e *matrixEnv) newValue(t *testing.T, _ matrixCaller) prepared {
	period := e.nextPeriod()
	return prepared{path: "/api/v1/measurements",
		body: fmt.Sprintf(`{"framework_code":"igmc","zone_code":"LY","indicator_code":"ENV-01","period":%q,"value":40}`, period),
		verify: func(t *testing.T, resp *http.Response) {
			var l listOf[measurementJSON]
			e.admin(t).do("GET", "/api/v1/measurements?zone=LY&indicator=ENV-01&period="+period, "", 200, &l)
			want := 0
			if resp.StatusCode == http.StatusCreated {
				want = 1
			}
			if l.Total != want {
				t.Errorf("after status %d, %d values of LY for %s, want %d", resp.StatusCode, l.Total, period, want)
			}
		}}
}

func (e *matrixEnv) edit(t *testing.T, _ matrixCaller) prepared {
	m := e.fresh(t, false)
	return prepared{path: "/api/v1/measurements/" + itoa(m.ID), body: `{"version":1,"value":41}`, verify: e.keptUnlessAccepted(m)}
}

// bulk prepares POST /api/v1/measurements/{submit,approve,reject} on a
// fresh value: a draft, or a submitted value when review is true.
func (e *matrixEnv) bulk(action string, review bool, comment string) func(t *testing.T, _ matrixCaller) prepared {
	return func(t *testing.T, _ matrixCaller) prepared {
		m := e.fresh(t, review)
		body, _ := json.Marshal(map[string]any{"ids": []int64{m.ID}, "comment": comment})
		return prepared{path: "/api/v1/measurements/" + action, body: string(body), verify: e.keptUnlessAccepted(m)}
	}
}

// one prepares POST /api/v1/measurements/:id/{action} on a fresh value.
func (e *matrixEnv) one(action string, review bool, comment string) func(t *testing.T, _ matrixCaller) prepared {
	return func(t *testing.T, _ matrixCaller) prepared {
		m := e.fresh(t, review)
		p := prepared{path: "/api/v1/measurements/" + itoa(m.ID) + "/" + action, verify: e.keptUnlessAccepted(m)}
		if comment != "" {
			p.body = fmt.Sprintf(`{"comment":%q}`, comment)
		}
		return p
	}
}

// throwawayToken makes a token of the caller (of the administrator for the
// anonymous caller) to revoke, and checks after that it works only if the
// revocation was refused.
func (e *matrixEnv) throwawayToken(t *testing.T, who matrixCaller) prepared {
	owner := who.token
	if owner == "" {
		owner = e.c.token
	}
	var tok struct {
		ID    int64  `json:"id"`
		Token string `json:"token"`
	}
	e.admin(t).as(owner).do("POST", "/api/v1/tokens", `{"name":"throwaway"}`, 201, &tok)
	return prepared{path: "/api/v1/tokens/" + itoa(tok.ID), verify: func(t *testing.T, resp *http.Response) {
		want := http.StatusOK
		if resp.StatusCode == http.StatusNoContent {
			want = http.StatusUnauthorized
		}
		e.admin(t).as(tok.Token).do("GET", "/api/v1/auth/me", "", want, nil)
	}}
}

// renameUser renames the target user, and checks after that only an
// accepted request did.
func (e *matrixEnv) renameUser(t *testing.T, _ matrixCaller) prepared {
	return prepared{path: "/api/v1/users/" + itoa(e.target.ID), body: `{"email":"target@example.org","role":"auditor","name":"Renamed"}`,
		verify: func(t *testing.T, resp *http.Response) {
			us, err := e.c.store.ListUsers(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			want := "Target"
			if resp.StatusCode == http.StatusOK {
				want = "Renamed"
			}
			for _, u := range us {
				if u.ID == e.target.ID && u.Name != want {
					t.Errorf("after status %d the user is named %q, want %q", resp.StatusCode, u.Name, want)
				}
			}
		}}
}

// signInForm signs the administrator in through the form, with a fresh
// login CSRF token. Without one every POST /login answers 403 whoever
// calls, and wrong credentials answer 401: both are the form's own
// refusals, not authorization, so the sample signs in for real.
func (e *matrixEnv) signInForm(t *testing.T, _ matrixCaller) prepared {
	cookie, token := loginCSRF(t, e.c.srv.URL)
	return prepared{path: "/login", body: signInValues("admin@example.org", "correct horse battery", token), ctype: formType,
		cookies: []*http.Cookie{cookie}, verify: func(t *testing.T, resp *http.Response) {
			if cookieNamed(resp, "igmc_session") == nil {
				t.Errorf("signed in (%d) without a session cookie", resp.StatusCode)
			}
		}}
}

func checkMe(t *testing.T, who matrixCaller, body []byte) {
	var me struct {
		Role string `json:"role"`
	}
	if err := json.Unmarshal(body, &me); err != nil || me.Role != string(who.role) {
		t.Errorf("auth/me says %s, want role %s", body, who.role)
	}
}

// inLY reports whether a zone code is LY or inside it.
func inLY(code string) bool { return code == "LY" || code == "LY-N" }

func checkZones(t *testing.T, who matrixCaller, body []byte) {
	var l listOf[struct {
		Code string `json:"code"`
	}]
	if err := json.Unmarshal(body, &l); err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, z := range l.Items {
		codes = append(codes, z.Code)
	}
	if who.inZone {
		if !slices.Contains(codes, "LY") || !slices.Contains(codes, "LY-N") {
			t.Errorf("%s sees the zones %v, want LY and LY-N among them", who.name, codes)
		}
		return
	}
	if slices.ContainsFunc(codes, inLY) || !slices.Contains(codes, "OTHER") {
		t.Errorf("%s sees the zones %v, want OTHER and neither LY nor LY-N", who.name, codes)
	}
}

func checkMeasurements(t *testing.T, who matrixCaller, body []byte) {
	var l listOf[measurementJSON]
	if err := json.Unmarshal(body, &l); err != nil {
		t.Fatal(err)
	}
	ly := slices.ContainsFunc(l.Items, func(m measurementJSON) bool { return inLY(m.Zone) })
	switch {
	case who.inZone && !ly:
		t.Errorf("%s does not see the values of LY: %d items", who.name, l.Total)
	case !who.inZone && (ly || l.Total != 0):
		t.Errorf("%s sees %d values, some of LY, but OTHER has none: %s", who.name, l.Total, body)
	}
}

func checkRanking(t *testing.T, who matrixCaller, body []byte) {
	var l listOf[struct {
		Zone string `json:"zone"`
	}]
	if err := json.Unmarshal(body, &l); err != nil {
		t.Fatal(err)
	}
	ly := slices.ContainsFunc(l.Items, func(r struct {
		Zone string `json:"zone"`
	}) bool {
		return inLY(r.Zone)
	})
	if !who.inZone && ly {
		t.Errorf("%s sees LY in the ranking: %s", who.name, body)
	}
}

// checkAuditEvents: every value is in LY, so the trail of an officer or
// reviewer of OTHER has no measurement event, and that of one who sees LY
// has some.
func checkAuditEvents(t *testing.T, who matrixCaller, body []byte) {
	var l listOf[struct {
		Entity string `json:"entity"`
	}]
	if err := json.Unmarshal(body, &l); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ev := range l.Items {
		if ev.Entity == "measurement" {
			n++
		}
	}
	if who.inZone != (n > 0) {
		t.Errorf("%s sees %d measurement events (in zone: %v)", who.name, n, who.inZone)
	}
}

// checkBundle: an allowed caller gets a zip that verifies, with the LY
// scorecard exactly when LY is in its scope.
func checkBundle(t *testing.T, who matrixCaller, body []byte) {
	problems, m, err := reports.VerifyBundle(bytes.NewReader(body), int64(len(body)))
	if err != nil || len(problems) > 0 {
		t.Fatalf("%s's bundle does not verify: %v %v", who.name, err, problems)
	}
	if scoped := zoneScoped(who); (m.AuditHead == "") != scoped || !m.AuditOK {
		t.Errorf("%s (zone-scoped: %v): the manifest's audit head is %q, audit_ok %v", who.name, scoped, m.AuditHead, m.AuditOK)
	}
	hasLY := slices.ContainsFunc(m.Files, func(f reports.BundleFile) bool { return f.Name == "scorecards/LY.csv" })
	if hasLY != who.inZone {
		t.Errorf("%s's bundle has the LY scorecard: %v, LY in scope: %v", who.name, hasLY, who.inZone)
	}
}

// checkAuditCSV is checkAuditEvents for the export, which streams: a
// failure after the header still answers 200, so the rows must be looked
// at.
func checkAuditCSV(t *testing.T, who matrixCaller, body []byte) {
	n := strings.Count(string(body), ",measurement,")
	if who.inZone != (n > 0) {
		t.Errorf("%s exports %d measurement events (in zone: %v):\n%s", who.name, n, who.inZone, body)
	}
}

// TestZoneScopedReads reads, as an officer of LY, the lists and exports
// that are narrowed to the caller's zones, and compares with the
// administrator's unscoped answer: same status, and LY's value or its
// events in both.
func TestZoneScopedReads(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2019","value":80}`, 201, nil)
		officer := c.userToken("officer@example.org", indicators.RoleOfficer, "LY")
		for _, r := range []struct{ name, path, want string }{
			{"measurements", "/api/v1/measurements", `"zone_code":"LY"`},
			{"audit_events", "/api/v1/audit/events", `"entity":"measurement"`},
			{"measurements_csv", "/api/v1/exports/measurements.csv?framework=igmc", "\nLY,SPC-01,2019,"},
			{"audit_csv", "/api/v1/exports/audit.csv", ",measurement,"},
		} {
			t.Run(r.name, func(t *testing.T) {
				all, allBody := exchange(t, c.srv.URL, httpCall{method: "GET", path: r.path, token: c.token})
				mine, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: r.path, token: officer})
				if all.StatusCode != http.StatusOK || !strings.Contains(string(allBody), r.want) {
					t.Fatalf("as the administrator: %d, want 200 with %s: %s", all.StatusCode, r.want, allBody)
				}
				if mine.StatusCode != http.StatusOK {
					t.Fatalf("GET %s answers 200 to the administrator but %d to an officer of LY: the query narrowed to the caller's zones fails: %s",
						r.path, mine.StatusCode, body)
				}
				if !strings.Contains(string(body), r.want) {
					t.Fatalf("GET %s answers 200 to an officer of LY without LY's data (%s): the answer was cut short or wrongly narrowed:\n%s",
						r.path, r.want, body)
				}
			})
		}
	})
}

func checkVerify(t *testing.T, who matrixCaller, body []byte) {
	var rep map[string]any
	if err := json.Unmarshal(body, &rep); err != nil || rep["ok"] != true {
		t.Errorf("the audit trail does not verify: %s", body)
	}
	// Officers and reviewers learn whether the trail holds, not the head
	// or the length of every zone's chain.
	_, head := rep["head"]
	_, events := rep["events"]
	if scoped := zoneScoped(who); head == scoped || events == scoped {
		t.Errorf("%s (zone-scoped: %v) sees head %v, events %v: %s", who.name, scoped, head, events, body)
	}
}

// zoneScoped tells the callers kept to some zones.
func zoneScoped(who matrixCaller) bool {
	return who.role == indicators.RoleOfficer || who.role == indicators.RoleReviewer
}

// emptyBody checks the answer to HEAD: the status of GET, no body.
func emptyBody(t *testing.T, _ matrixCaller, body []byte) {
	if len(body) > 0 {
		t.Errorf("HEAD answered a body: %.100q", body)
	}
}

// httpCall is one raw request: redirects are not followed and cookies are
// set by hand, so every answer is seen as the server sent it.
type httpCall struct {
	method, path, ctype, body, token string
	cookies                          []*http.Cookie
	header                           map[string]string
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// exchange sends r to the server at base and returns the answer with its
// whole body read.
func exchange(t *testing.T, base string, r httpCall) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(r.method, base+r.path, strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	if r.ctype != "" {
		req.Header.Set("Content-Type", r.ctype)
	}
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	for _, c := range r.cookies {
		req.AddCookie(c)
	}
	resp, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}
