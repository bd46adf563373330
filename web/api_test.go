package web_test

// This file is longer than 400 lines on purpose: the API's end-to-end
// scenarios and the client every web test uses (each, do, send, userToken)
// live together, so that a test reads its helpers in one place.

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
	"igmc/web"
)

type client struct {
	t     *testing.T
	srv   *httptest.Server
	store *storage.Store
	token string
}

// each runs fn against a real server on a fresh database per engine, with
// the zones LY and its sub-area LY-N, as an administrator signed in with
// a bearer token.
func each(t *testing.T, fn func(t *testing.T, c *client)) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		srv := httptest.NewServer(web.New(s, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
		t.Cleanup(srv.Close)
		c := &client{t: t, srv: srv, store: s}
		c.token = c.userToken("admin@example.org", indicators.RoleAdmin)
		c.do("POST", "/api/v1/zones", `{"code":"LY","name_en":"Liuyang ETDZ","name_zh":"浏阳经济技术开发区"}`, 201, nil)
		c.do("POST", "/api/v1/zones", `{"code":"LY-N","name_en":"North","name_zh":"北区","parent_code":"LY"}`, 201, nil)
		fn(t, c)
	})
}

// userToken makes a user (with the given zones) and returns a bearer token
// for it.
func (c *client) userToken(email string, role indicators.Role, zones ...string) string {
	c.t.Helper()
	ctx := context.Background()
	if _, err := c.store.CreateUser(ctx, indicators.UserInput{Email: email, Role: role, Zones: zones, Password: "correct horse battery"}, indicators.System); err != nil {
		c.t.Fatal(err)
	}
	p, err := c.store.Authenticate(ctx, email, "correct horse battery", "test")
	if err != nil {
		c.t.Fatal(err)
	}
	_, secret, err := c.store.CreateToken(ctx, p, "test")
	if err != nil {
		c.t.Fatal(err)
	}
	return secret
}

// as is the same client acting with another token.
func (c *client) as(token string) *client {
	cp := *c
	cp.token = token
	return &cp
}

// do sends a request and checks the status; out, when not nil, receives
// the decoded JSON answer.
func (c *client) do(method, path, body string, want int, out any) []byte {
	c.t.Helper()
	return c.send(method, path, "application/json", strings.NewReader(body), want, out)
}

func (c *client) send(method, path, ctype string, body io.Reader, want int, out any) []byte {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.srv.URL+path, body)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		c.t.Fatalf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			c.t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
	return b
}

type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Fields  []struct {
			Line    int    `json:"line"`
			Field   string `json:"field"`
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"fields"`
	} `json:"error"`
}

type listOf[T any] struct {
	Items []T     `json:"items"`
	Total int     `json:"total"`
	Next  *string `json:"next"`
}

type indicatorJSON struct {
	Code        string  `json:"indicator_code"`
	Perspective string  `json:"perspective_code"`
	NameEn      string  `json:"name_en"`
	NameZh      string  `json:"name_zh"`
	Unit        string  `json:"unit"`
	Reference   string  `json:"reference"`
	Points      float64 `json:"points"`
}

type measurementJSON struct {
	ID        int64   `json:"id"`
	Zone      string  `json:"zone_code"`
	Indicator string  `json:"indicator_code"`
	Period    string  `json:"period"`
	Value     float64 `json:"value"`
	Status    string  `json:"status"`
	Version   int     `json:"version"`
}

func TestPilotCatalogueListing(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		var got listOf[indicatorJSON]
		c.do("GET", "/api/v1/frameworks/igmc/indicators", "", 200, &got)
		CheckPilotListing(t, got.Items)
	})
}

// CheckPilotListing asserts what the acceptance criteria say of the
// built-in catalogue as the API lists it.
func CheckPilotListing(t *testing.T, items []indicatorJSON) {
	t.Helper()
	order := []string{}
	points := 0.0
	for _, ind := range items {
		if len(order) == 0 || order[len(order)-1] != ind.Perspective {
			order = append(order, ind.Perspective)
		}
		if ind.NameEn == "" || ind.NameZh == "" || ind.Unit == "" || ind.Reference == "" {
			t.Errorf("%s lacks name_en, name_zh, unit or reference", ind.Code)
		}
		points += ind.Points
	}
	if strings.Join(order, ",") != "space,services,economy,environment,society,culture" {
		t.Errorf("perspectives %v", order)
	}
	if len(items) < 48 {
		t.Errorf("%d indicators, want at least 48", len(items))
	}
	if points != 320 {
		t.Errorf("points sum to %v, want 320", points)
	}
}

const badImport = "zone_code,indicator_code,period,value\n" +
	"LY,SPC-01,2019,80\n" +
	"LY,NOPE,2019,1\n" +
	"XX,SPC-01,2019,1\n" +
	"LY,SPC-01,2019-Q1,1\n" +
	"LY,SPC-01,2018,eighty\n" +
	"LY,SPC-01,2017,150\n" +
	"LY,SPC-01,2019,81\n"

const goodImport = "zone_code,indicator_code,period,value,source\n" +
	"LY,SPC-01,2019,80,Zone land bureau\n" +
	"LY,SPC-08,2019-Q1,12,\n" +
	"LY-N,ENV-01,2019-01,41.5,\n"

func TestMeasurementsImport(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		t.Run("bad_file_422_every_line_nothing_written", func(t *testing.T) {
			var e apiError
			c.send("POST", "/api/v1/measurements/import?framework=igmc", "text/csv", strings.NewReader(badImport), 422, &e)
			if e.Error.Code != "invalid" || len(e.Error.Fields) != 6 {
				t.Fatalf("error %+v", e)
			}
			want := []struct {
				line        int
				field, code string
			}{{3, "indicator_code", "unknown_indicator"}, {4, "zone_code", "unknown_zone"}, {5, "period", "period_mismatch"},
				{6, "value", "not_a_number"}, {7, "value", "out_of_range"}, {8, "period", "duplicate"}}
			for i, w := range want {
				f := e.Error.Fields[i]
				if f.Line != w.line || f.Field != w.field || f.Code != w.code || f.Message == "" {
					t.Errorf("field error %d = %+v, want %+v", i, f, w)
				}
			}
			var l listOf[measurementJSON]
			c.do("GET", "/api/v1/measurements", "", 200, &l)
			if l.Total != 0 {
				t.Fatalf("%d measurements written", l.Total)
			}
		})
		t.Run("dry_run_writes_nothing", func(t *testing.T) {
			var res map[string]any
			c.send("POST", "/api/v1/measurements/import?framework=igmc&dry_run=true", "text/csv", strings.NewReader(goodImport), 200, &res)
			if res["new"] != 3.0 || res["dry_run"] != true {
				t.Fatalf("dry run %v", res)
			}
			var l listOf[measurementJSON]
			c.do("GET", "/api/v1/measurements", "", 200, &l)
			if l.Total != 0 {
				t.Fatalf("dry run wrote %d measurements", l.Total)
			}
		})
		t.Run("good_file_as_multipart", func(t *testing.T) {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			fw, _ := mw.CreateFormFile("file", "values.csv")
			_, _ = fw.Write([]byte(goodImport))
			_ = mw.Close()
			var res map[string]any
			c.send("POST", "/api/v1/measurements/import?framework=igmc", mw.FormDataContentType(), &buf, 200, &res)
			if res["new"] != 3.0 || res["rows"] != 3.0 {
				t.Fatalf("import %v", res)
			}
			var l listOf[measurementJSON]
			c.do("GET", "/api/v1/measurements?zone=LY&status=submitted", "", 200, &l)
			if l.Total != 2 {
				t.Fatalf("%d submitted values for LY, want 2", l.Total)
			}
		})
		t.Run("xlsx_file", func(t *testing.T) {
			f := excelize.NewFile()
			rows := [][]any{{"zone_code", "indicator_code", "period", "value", "source"}, {"LY", "SPC-01", "2020", 85}, {"LY", "SPC-01", "2019", 80, "Zone land bureau"}, {"LY", "SPC-08", "2019-Q1", 13.5}}
			for i, r := range rows {
				cell, _ := excelize.CoordinatesToCellName(1, i+1)
				_ = f.SetSheetRow("Sheet1", cell, &r)
			}
			var buf bytes.Buffer
			_ = f.Write(&buf)
			var res map[string]any
			c.send("POST", "/api/v1/measurements/import?framework=igmc", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &buf, 200, &res)
			if res["new"] != 1.0 || res["unchanged"] != 1.0 || res["changed"] != 1.0 {
				t.Fatalf("xlsx import %v", res)
			}
		})
		t.Run("missing_framework_is_400", func(t *testing.T) {
			var e apiError
			c.send("POST", "/api/v1/measurements/import", "text/csv", strings.NewReader(goodImport), 400, &e)
			if e.Error.Code != "bad_request" {
				t.Fatalf("error %+v", e)
			}
		})
	})
}

func TestMeasurementEditing(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		var m measurementJSON
		c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2019","value":80}`, 201, &m)
		if m.Version != 1 || m.Status != "draft" {
			t.Fatalf("created %+v", m)
		}
		path := "/api/v1/measurements/" + itoa(m.ID)
		c.do("PUT", path, `{"version":1,"value":82,"comment":"revised by the bureau"}`, 200, &m)
		if m.Version != 2 || m.Value != 82 {
			t.Fatalf("updated %+v", m)
		}
		t.Run("stale_version_409", func(t *testing.T) {
			var e apiError
			c.do("PUT", path, `{"version":1,"value":90}`, 409, &e)
			if e.Error.Code != "conflict" {
				t.Fatalf("error %+v", e)
			}
		})
		t.Run("history_lists_each_revision", func(t *testing.T) {
			var h listOf[measurementJSON]
			c.do("GET", path+"/history", "", 200, &h)
			if h.Total != 2 || h.Items[0].Value != 80 || h.Items[0].Version != 1 || h.Items[1].Value != 82 || h.Items[1].Version != 2 {
				t.Fatalf("history %+v", h)
			}
		})
		t.Run("validation_names_json_fields", func(t *testing.T) {
			var e apiError
			c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","period":"2019"}`, 422, &e)
			got := map[string]string{}
			for _, f := range e.Error.Fields {
				got[f.Field] = f.Code
			}
			if got["indicator_code"] != "required" || got["value"] != "required" || len(got) != 2 {
				t.Fatalf("fields %+v", e.Error.Fields)
			}
		})
		t.Run("wrong_type_and_bad_json", func(t *testing.T) {
			var e apiError
			c.do("PUT", path, `{"version":2,"value":"eighty"}`, 422, &e)
			if e.Error.Fields[0].Field != "value" || e.Error.Fields[0].Code != "wrong_type" {
				t.Fatalf("fields %+v", e.Error.Fields)
			}
			c.do("PUT", path, `{"version":2,`, 400, &e)
			c.do("PUT", path, `{"version":2,"value":1,"colour":"red"}`, 422, &e)
			if e.Error.Fields[0].Field != "colour" {
				t.Fatalf("fields %+v", e.Error.Fields)
			}
		})
		t.Run("not_found_is_404_json", func(t *testing.T) {
			var e apiError
			c.do("GET", "/api/v1/measurements/999999", "", 404, &e)
			c.do("GET", "/api/v1/measurements/abc", "", 404, &e)
			c.do("GET", "/api/v1/nothing-here", "", 404, &e)
			c.do("GET", "/api/v1/frameworks/nope/indicators", "", 404, &e)
			if e.Error.Code != "not_found" {
				t.Fatalf("error %+v", e)
			}
		})
	})
}

func TestExportsAndCatalogue(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.send("POST", "/api/v1/measurements/import?framework=igmc", "text/csv", strings.NewReader(goodImport), 200, nil)
		csv := string(c.do("GET", "/api/v1/exports/measurements.csv?framework=igmc&zone=LY", "", 200, nil))
		want := "zone_code,indicator_code,period,value,source,comment,status,version,quality\n" +
			"LY,SPC-01,2019,80,Zone land bureau,,submitted,1,administrative\n" +
			"LY,SPC-08,2019-Q1,12,,,submitted,1,administrative\n"
		if csv != want {
			t.Fatalf("export:\n%s\nwant:\n%s", csv, want)
		}
		cat := c.do("GET", "/api/v1/frameworks/igmc/catalogue.csv", "", 200, nil)
		var res map[string]any
		c.send("POST", "/api/v1/frameworks/copy/catalogue", "text/csv", bytes.NewReader(cat), 200, &res)
		if res["framework_created"] != true || res["new"] != 48.0 {
			t.Fatalf("catalogue import %v", res)
		}
		again := c.do("GET", "/api/v1/frameworks/copy/catalogue.csv", "", 200, nil)
		if !bytes.Equal(cat, again) {
			t.Fatal("the copied framework does not export the same catalogue")
		}
		var e apiError
		c.send("POST", "/api/v1/frameworks/bad/catalogue", "text/csv", strings.NewReader("perspective_code,indicator_code,name_en,unit,best,worst\np,A,Alpha,%,1,1\n"), 422, &e)
		if e.Error.Fields[0].Line != 2 || e.Error.Fields[0].Code != "invalid_bounds" {
			t.Fatalf("catalogue error %+v", e)
		}
	})
}

func TestOperations(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.do("GET", "/healthz", "", 200, nil)
		c.do("GET", "/readyz", "", 200, nil)
		c.do("GET", "/api/v1/frameworks", "", 200, nil)
		m := string(c.do("GET", "/metrics", "", 200, nil))
		if !strings.Contains(m, `igmc_http_requests_total{method="GET",route="/api/v1/frameworks",status="200"} 1`) {
			t.Fatalf("metrics do not count the request:\n%s", m)
		}
		home := string(c.do("GET", "/", "", 200, nil))
		// No values yet: the home page leads to the zone's form (its
		// scorecards, empty, are left out).
		if !strings.Contains(home, `href="/zones/LY/entry`) {
			t.Fatal("the home page does not link the zone's entry form")
		}
		anon := string(c.as("").do("GET", "/", "", 200, nil))
		if strings.Contains(anon, "/zones/LY/") || !strings.Contains(anon, `href="/login"`) {
			t.Fatal("the home page shows zones to a caller who has not signed in")
		}
	})
}

func TestEveryRouteNamesAPermission(t *testing.T) {
	s := web.New(nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	seen := map[string]bool{}
	for _, r := range s.Routes() {
		switch r.Perm {
		case web.PermPublic, web.PermRead, web.PermEdit, web.PermReview, web.PermExport, web.PermAdmin, web.PermSignedIn, web.PermFollowUp, web.PermSignOff:
		default:
			t.Errorf("%s %s has no known permission (%q)", r.Method, r.Path, r.Perm)
		}
		if r.Handler == nil {
			t.Errorf("%s %s has no handler", r.Method, r.Path)
		}
		key := r.Method + " " + r.Path
		if seen[key] {
			t.Errorf("%s listed twice", key)
		}
		seen[key] = true
	}
}

func itoa(i int64) string { return jsonNumber(i) }

func jsonNumber(i int64) string { b, _ := json.Marshal(i); return string(b) }

// demo loads the Liuyang demo (zones LY, LY-BIO, LY-EIT, LY-FOOD; values
// 2013–2019 approved, 2020 submitted) into the client's store.
func (c *client) demo() {
	c.t.Helper()
	if _, _, err := c.store.LoadDemo(context.Background(), indicators.System); err != nil {
		c.t.Fatal(err)
	}
}
