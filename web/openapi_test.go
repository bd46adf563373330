package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"igmc/locale"
	"igmc/web"
)

// openAPIDoc fetches /api/openapi.json without signing in and loads it
// with kin-openapi, which also checks it against OpenAPI 3.1.
func openAPIDoc(t *testing.T, base string) *openapi3.T {
	t.Helper()
	resp, body := exchange(t, base, httpCall{method: "GET", path: "/api/openapi.json"})
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/openapi.json: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	doc, err := openapi3.NewLoader().LoadFromData(body)
	if err != nil {
		t.Fatalf("the document does not load: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("the document is OpenAPI %s, not 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the document is not valid: %v", err)
	}
	return doc
}

func bareServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(web.New(nil, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	t.Cleanup(srv.Close)
	return srv
}

var ginParam = regexp.MustCompile(`[:*](\w+)`)

// TestOpenAPIDocumentCoversEveryRoute: the document validates and has
// exactly the route table's API routes, each with its permission as a
// security requirement.
func TestOpenAPIDocumentCoversEveryRoute(t *testing.T) {
	doc := openAPIDoc(t, bareServer(t).URL)
	want := 0
	for _, r := range web.New(nil, nil).Routes() {
		if !strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		want++
		path := ginParam.ReplaceAllString(r.Path, "{$1}")
		item := doc.Paths.Value(path)
		var op *openapi3.Operation
		if item != nil {
			op = item.GetOperation(r.Method)
		}
		if op == nil {
			t.Errorf("%s %s is not in the document", r.Method, path)
			continue
		}
		if got := op.Extensions["x-permission"]; got != string(r.Perm) {
			t.Errorf("%s %s: x-permission %v, the route table %q", r.Method, path, got, r.Perm)
		}
		switch {
		case op.Security == nil:
			t.Errorf("%s %s: no security requirement", r.Method, path)
		case r.Perm == web.PermPublic && len(*op.Security) != 0:
			t.Errorf("%s %s is public but asks for a token", r.Method, path)
		case r.Perm != web.PermPublic && (len(*op.Security) != 1 || (*op.Security)[0]["bearer"] == nil):
			t.Errorf("%s %s: security %v, want the bearer token", r.Method, path, *op.Security)
		}
		for _, m := range ginParam.FindAllStringSubmatch(r.Path, -1) {
			if p := op.Parameters.GetByInAndName("path", m[1]); p == nil {
				t.Errorf("%s %s: path parameter %s is not described", r.Method, path, m[1])
			}
		}
		if op.Responses.Default() == nil {
			t.Errorf("%s %s: no error answer", r.Method, path)
		}
	}
	got := 0
	for _, item := range doc.Paths.Map() {
		got += len(item.Operations())
	}
	if got != want {
		t.Errorf("the document has %d operations, the route table %d API routes", got, want)
	}
	if _, ok := doc.Components.SecuritySchemes["bearer"]; !ok {
		t.Error("no bearer security scheme")
	}
	for _, name := range []string{"ErrorBody", "ZoneList", "MeasurementList", "Card", "Measurement", "Zone", "Framework", "IndicatorList"} {
		if doc.Components.Schemas[name] == nil {
			t.Errorf("no schema %s", name)
		}
	}
}

// TestOpenAPISchemasMatchRealAnswers sends real requests to a server with
// the demo data: every answer validates against the document, has every
// field the schema says is always there, and no field it does not name.
func TestOpenAPISchemasMatchRealAnswers(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		doc := openAPIDoc(t, c.srv.URL)
		var page struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		c.do("GET", "/api/v1/measurements?framework=igmc&zone=LY&year=2019&limit=1", "", 200, &page)
		if len(page.Items) == 0 {
			t.Fatal("the demo has no measurement of LY in 2019")
		}
		mid := itoa(page.Items[0].ID)
		cases := []struct {
			name, method, route, path, body string
			status                          int
		}{
			{"zones", "GET", "/api/v1/zones", "/api/v1/zones", "", 200},
			{"zone", "GET", "/api/v1/zones/{zone}", "/api/v1/zones/LY", "", 200},
			{"measurements", "GET", "/api/v1/measurements", "/api/v1/measurements?framework=igmc&zone=LY&limit=20", "", 200},
			{"measurement", "GET", "/api/v1/measurements/{id}", "/api/v1/measurements/" + mid, "", 200},
			{"scorecard", "GET", "/api/v1/zones/{zone}/scorecard", "/api/v1/zones/LY/scorecard?year=2019", "", 200},
			{"framework", "GET", "/api/v1/frameworks/{fw}", "/api/v1/frameworks/igmc", "", 200},
			{"indicators", "GET", "/api/v1/frameworks/{fw}/indicators", "/api/v1/frameworks/igmc/indicators", "", 200},
			{"ranking", "GET", "/api/v1/frameworks/{fw}/ranking", "/api/v1/frameworks/igmc/ranking?year=2019", "", 200},
			{"me", "GET", "/api/v1/auth/me", "/api/v1/auth/me", "", 200},
			{"frameworks", "GET", "/api/v1/frameworks", "/api/v1/frameworks", "", 200},
			{"progress", "GET", "/api/v1/zones/{zone}/progress", "/api/v1/zones/LY/progress?year=2019", "", 200},
			{"planner", "GET", "/api/v1/zones/{zone}/planner", "/api/v1/zones/LY/planner?year=2019", "", 200},
			{"plan", "GET", "/api/v1/zones/{zone}/plan", "/api/v1/zones/LY/plan", "", 200},
			{"applicability", "GET", "/api/v1/zones/{zone}/applicability", "/api/v1/zones/LY/applicability", "", 200},
			{"quality", "GET", "/api/v1/quality", "/api/v1/quality?framework=igmc&year=2019", "", 200},
			{"audit_events", "GET", "/api/v1/audit/events", "/api/v1/audit/events?limit=20", "", 200},
			{"audit_verify", "GET", "/api/v1/audit/verify", "/api/v1/audit/verify", "", 200},
			{"periods", "GET", "/api/v1/frameworks/{fw}/periods", "/api/v1/frameworks/igmc/periods", "", 200},
			{"rules", "GET", "/api/v1/frameworks/{fw}/rules", "/api/v1/frameworks/igmc/rules", "", 200},
			{"set_calendar", "PUT", "/api/v1/frameworks/{fw}/calendar/{year}", "/api/v1/frameworks/igmc/calendar/2019", `{"due_on":"2020-03-31"}`, 200},
			{"calendar", "GET", "/api/v1/frameworks/{fw}/calendar/{year}", "/api/v1/frameworks/igmc/calendar/2019", "", 200},
			{"users", "GET", "/api/v1/users", "/api/v1/users", "", 200},
			{"tokens", "GET", "/api/v1/tokens", "/api/v1/tokens", "", 200},
			{"follow_ups", "GET", "/api/v1/follow-ups", "/api/v1/follow-ups", "", 200},
			{"signing_key", "GET", "/api/v1/signing-key", "/api/v1/signing-key", "", 200},
			{"data_value_sets", "GET", "/api/v1/dataValueSets", "/api/v1/dataValueSets?dataSet=igmc&orgUnit=LY&period=2019", "", 200},
			{"data_value_set_refused", "POST", "/api/v1/dataValueSets", "/api/v1/dataValueSets",
				`{"dataSet":"igmc","period":"2019","orgUnit":"LY","dataValues":[{"dataElement":"SPC-01","value":"not a number"}]}`, 409},
			{"changes", "GET", "/api/v1/changes", "/api/v1/changes?since=0&limit=50", "", 200},
			{"measurement_history", "GET", "/api/v1/measurements/{id}/history", "/api/v1/measurements/" + mid + "/history", "", 200},
			{"evidence", "GET", "/api/v1/measurements/{id}/evidence", "/api/v1/measurements/" + mid + "/evidence", "", 200},
			{"value_history", "GET", "/api/v1/zones/{zone}/indicators/{code}/history", "/api/v1/zones/LY/indicators/SPC-01/history?period=2019", "", 200},
			{"create_zone", "POST", "/api/v1/zones", "/api/v1/zones", `{"code":"DOC","name_en":"Documented zone","parent_code":"LY"}`, 201},
			{"create_measurement", "POST", "/api/v1/measurements", "/api/v1/measurements",
				`{"framework_code":"igmc","zone_code":"DOC","indicator_code":"SPC-01","period":"2019","value":80,"source":"survey"}`, 201},
			{"not_found", "GET", "/api/v1/zones/{zone}", "/api/v1/zones/NOWHERE", "", 404},
			{"invalid", "POST", "/api/v1/measurements", "/api/v1/measurements",
				`{"framework_code":"igmc","zone_code":"LY","indicator_code":"NOPE","period":"2019"}`, 422},
			{"set_public", "PUT", "/api/v1/frameworks/{fw}/public", "/api/v1/frameworks/igmc/public", `{"mode":"approved"}`, 200},
			{"public_settings", "GET", "/api/v1/public-settings", "/api/v1/public-settings", "", 200},
			// Last, as a sign-off holds the year: LY's 2019 is all approved.
			{"sign_off", "POST", "/api/v1/signoffs", "/api/v1/signoffs", `{"framework_code":"igmc","zone_code":"LY","year":2019}`, 201},
			{"signoffs", "GET", "/api/v1/signoffs", "/api/v1/signoffs?framework=igmc&year=2019", "", 200},
			{"signoff", "GET", "/api/v1/signoffs/{id}", "/api/v1/signoffs/1", "", 200},
			{"signed_off_scorecard", "GET", "/api/v1/zones/{zone}/scorecard", "/api/v1/zones/LY/scorecard?year=2019", "", 200},
			{"withdraw", "POST", "/api/v1/signoffs/{id}/withdraw", "/api/v1/signoffs/1/withdraw", `{"reason":"a value to correct"}`, 200},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				resp, body := exchange(t, c.srv.URL, httpCall{method: tc.method, path: tc.path, body: tc.body, ctype: "application/json", token: c.token})
				if resp.StatusCode != tc.status {
					t.Fatalf("%s %s: %d, want %d: %s", tc.method, tc.path, resp.StatusCode, tc.status, body)
				}
				for _, p := range answerProblems(t, doc, tc.method, tc.route, resp.StatusCode, body) {
					t.Error(p)
				}
				if tc.body != "" && tc.status < 300 {
					if err := requestProblem(doc, tc.method, tc.route, tc.path, tc.body); err != nil {
						t.Errorf("the request the server took does not validate: %v", err)
					}
				}
			})
		}
		// The checks can fail: a zone with a field dropped, one added
		// and one of the wrong type is refused on each count.
		var zone map[string]any
		c.do("GET", "/api/v1/zones/LY", "", 200, &zone)
		delete(zone, "name_en")
		zone["extra"] = 1
		zone["code"] = 5
		changed, _ := json.Marshal(zone)
		if got := answerProblems(t, doc, "GET", "/api/v1/zones/{zone}", 200, changed); len(got) != 3 {
			t.Errorf("a changed zone gives %d problems, want 3 (validation, missing, extra): %q", len(got), got)
		}
		// A query parameter the document calls required is one without
		// which the route refuses.
		fill := strings.NewReplacer("{zone}", "LY", "{fw}", "igmc", "{code}", "SPC-01")
		needs := 0
		for path, item := range doc.Paths.Map() {
			op := item.Get
			if op == nil {
				continue
			}
			for _, p := range op.Parameters {
				if p.Value.In == "query" && p.Value.Required {
					needs++
					resp, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: fill.Replace(path), token: c.token})
					if resp.StatusCode != 400 && resp.StatusCode != 422 {
						t.Errorf("GET %s without %s: %d, want a refusal: %.200s", path, p.Value.Name, resp.StatusCode, body)
					}
					break
				}
			}
		}
		if needs < 10 {
			t.Errorf("only %d routes with a required query parameter", needs)
		}
		// A body the server refuses for an unknown field or one of the wrong
		// type, the schema refuses too.
		for _, body := range []string{`{"code":"X","name_en":"X","colour":"red"}`, `{"code":"X","name_en":5}`} {
			c.do("POST", "/api/v1/zones", body, 422, nil)
			if requestProblem(doc, "POST", "/api/v1/zones", "/api/v1/zones", body) == nil {
				t.Errorf("the schema takes %s, which the server refuses", body)
			}
		}
	})
}

// requestProblem validates a request to path, of route, with a JSON body
// against the document.
func requestProblem(doc *openapi3.T, method, route, path, body string) error {
	item := doc.Paths.Value(route)
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	params := map[string]string{}
	parts := strings.Split(req.URL.Path, "/")
	for i, seg := range strings.Split(route, "/") {
		if strings.HasPrefix(seg, "{") && i < len(parts) {
			params[strings.Trim(seg, "{}")] = parts[i]
		}
	}
	return openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{Request: req, PathParams: params,
		Route:   &routers.Route{Spec: doc, Path: route, PathItem: item, Method: method, Operation: item.GetOperation(method)},
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}})
}

// answerProblems checks an answer of route against the document: it must
// validate (kin-openapi's response validation) and fieldProblems must find
// nothing.
func answerProblems(t *testing.T, doc *openapi3.T, method, route string, status int, body []byte) []string {
	t.Helper()
	item := doc.Paths.Value(route)
	if item == nil || item.GetOperation(method) == nil {
		t.Fatalf("%s %s is not in the document", method, route)
	}
	op := item.GetOperation(method)
	h := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: httptest.NewRequest(method, route, nil),
			Route: &routers.Route{Spec: doc, Path: route, PathItem: item, Method: method, Operation: op}},
		Status: status, Header: h, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	var out []string
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		out = append(out, "the answer does not validate: "+err.Error())
	}
	ref := op.Responses.Status(status)
	if ref == nil {
		ref = op.Responses.Default()
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	checked := 0
	out = append(out, fieldProblems(ref.Value.Content.Get("application/json").Schema.Value, v, "", &checked)...)
	if checked == 0 {
		t.Fatalf("%s %s: no field was compared", method, route)
	}
	return out
}

// fieldProblems compares value v with schema sc: a field the schema says is
// always there and is missing, or a field of the answer the schema does not
// name. checked counts the fields compared.
func fieldProblems(sc *openapi3.Schema, v any, at string, checked *int) []string {
	for _, alt := range sc.AnyOf {
		if alt.Value.Type.Is("null") {
			continue
		}
		sc = alt.Value
	}
	var out []string
	switch v := v.(type) {
	case map[string]any:
		if len(sc.Properties) == 0 {
			return nil // a free-form object
		}
		for _, name := range sc.Required {
			if _, ok := v[name]; !ok {
				out = append(out, at+"."+name+": documented as always present, missing from the answer")
			}
		}
		for name, fv := range v {
			p := sc.Properties[name]
			if p == nil {
				out = append(out, at+"."+name+": in the answer, not in the schema")
				continue
			}
			*checked++
			out = append(out, fieldProblems(p.Value, fv, at+"."+name, checked)...)
		}
	case []any:
		if sc.Items != nil {
			for i, e := range v {
				if i > 3 {
					break
				}
				out = append(out, fieldProblems(sc.Items.Value, e, at+"[]", checked)...)
			}
		}
	}
	return out
}

// TestAPIDocsPageInBothLanguages: /api/docs is a page in either language,
// without signing in, naming every API route of the table and its
// permission, and passes the pages' accessibility checks.
func TestAPIDocsPageInBothLanguages(t *testing.T) {
	srv := bareServer(t)
	for _, lang := range locale.Languages {
		resp, body := exchange(t, srv.URL, httpCall{method: "GET", path: "/api/docs", cookies: []*http.Cookie{{Name: "igmc_lang", Value: lang}}})
		page := string(body)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("%s: %d %s", lang, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if i := strings.Index(page, locale.MissingMark); i >= 0 {
			t.Errorf("%s: untranslated key %s", lang, page[i:min(len(page), i+80)])
		}
		if lang == "zh" && !strings.Contains(page, `<html lang="zh-Hans">`) || lang == "en" && !strings.Contains(page, `<html lang="en">`) {
			t.Errorf("%s: the page does not say it is in %s", lang, lang)
		}
		for _, p := range accessibilityProblems(page) {
			t.Errorf("%s: %s", lang, p)
		}
		if !strings.Contains(page, `href="/api/openapi.json"`) {
			t.Errorf("%s: no link to the document", lang)
		}
		for _, r := range web.New(nil, nil).Routes() {
			if !strings.HasPrefix(r.Path, "/api/") {
				continue
			}
			op := `data-operation="` + r.Method + " " + ginParam.ReplaceAllString(r.Path, "{$1}") + `"`
			i := strings.Index(page, op)
			if i < 0 {
				t.Errorf("%s: %s is not on the page", lang, op)
				continue
			}
			if !strings.Contains(page[i:min(len(page), i+600)], `data-permission="`+string(r.Perm)+`"`) {
				t.Errorf("%s: %s does not name its permission %s", lang, op, r.Perm)
			}
		}
		for _, name := range []string{"ErrorBody", "Card", "Measurement", "Zone"} {
			if !strings.Contains(page, `data-schema="`+name+`"`) {
				t.Errorf("%s: schema %s is not on the page", lang, name)
			}
		}
	}
}
