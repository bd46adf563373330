package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"igmc/indicators"
)

// xlsxFile builds a workbook of rows, then replaces each key of raw found
// in its XML by the value: the way to put bytes in a cell that the
// spreadsheet library would not write itself.
func xlsxFile(t *testing.T, rows [][]any, raw map[string]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if len(raw) == 0 {
		return buf.Bytes()
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, e := range zr.File {
		r, _ := e.Open()
		b, _ := io.ReadAll(r)
		_ = r.Close()
		s := string(b)
		for k, v := range raw {
			s = strings.ReplaceAll(s, k, v)
		}
		w, _ := zw.Create(e.Name)
		_, _ = w.Write([]byte(s))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// in is the same client reporting to the subtest t.
func (c *client) in(t *testing.T) *client {
	cp := *c
	cp.t = t
	return &cp
}

// noMeasurements fails when any value was written.
func (c *client) noMeasurements(t *testing.T) {
	t.Helper()
	var l listOf[measurementJSON]
	c.do("GET", "/api/v1/measurements", "", 200, &l)
	if l.Total != 0 {
		t.Fatalf("%d measurements written", l.Total)
	}
}

// refusedField checks an API answer of status want naming field (and line,
// when not 0).
func refusedField(t *testing.T, body []byte, line int, field, code string) {
	t.Helper()
	var e apiError
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	for _, f := range e.Error.Fields {
		if f.Line == line && f.Field == field && f.Code == code && f.Message != "" {
			return
		}
	}
	t.Fatalf("no %s error for line %d, field %q in %s", code, line, field, body)
}

// TestTextThatCannotBeStored shows that a NUL byte or bytes that are not
// UTF-8 are refused at every edge, naming the field, with the same answer
// on both engines (PostgreSQL used to answer 500, SQLite stored them).
func TestTextThatCannotBeStored(t *testing.T) {
	bad := map[string]string{"nul": "a\x00b", "not_utf8": "a\xff\xfeb"}
	each(t, func(t *testing.T, c *client) {
		c.userToken("text@example.org", indicators.RoleOfficer, "LY")
		for name, v := range bad {
			t.Run("json_field_"+name, func(t *testing.T) {
				c := c.in(t)
				body := `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2019","value":1,"comment":"` + jsonEscape(v) + `"}`
				refusedField(t, c.do("POST", "/api/v1/measurements", body, 422, nil), 0, "comment", "invalid_text")
				c.noMeasurements(t)
			})
			t.Run("json_nested_field_"+name, func(t *testing.T) {
				c := c.in(t)
				body := `{"framework_code":"igmc","name_en":"IGMC","grade_bands":[{"min":1,"grade":"` + jsonEscape(v) + `"}]}`
				refusedField(t, c.do("POST", "/api/v1/frameworks", body, 422, nil), 0, "grade_bands[0].grade", "invalid_text")
			})
			t.Run("anonymous_token_"+name, func(t *testing.T) {
				c := c.in(t)
				body := `{"email":"text` + jsonEscape(v) + `@example.org","password":"correct horse battery"}`
				refusedField(t, c.as("").do("POST", "/api/v1/auth/token", body, 422, nil), 0, "email", "invalid_text")
				body = `{"email":"text@example.org","password":"` + jsonEscape(v) + `"}`
				refusedField(t, c.as("").do("POST", "/api/v1/auth/token", body, 422, nil), 0, "password", "invalid_text")
			})
			t.Run("login_form_"+name, func(t *testing.T) {
				c := c.in(t)
				cookie, token := loginCSRF(t, c.srv.URL)
				resp, body := exchange(t, c.srv.URL, httpCall{method: "POST", path: "/login", ctype: formType,
					body: signInValues("text"+v+"@example.org", "correct horse battery", token), cookies: []*http.Cookie{cookie}})
				if resp.StatusCode != http.StatusBadRequest || !bytes.Contains(body, []byte("email")) || cookieNamed(resp, "igmc_session") != nil {
					t.Fatalf("status %d, want 400 naming email: %s", resp.StatusCode, body)
				}
			})
			t.Run("form_field_"+name, func(t *testing.T) {
				c := c.in(t)
				u := signInPage(t, c, "form-"+name+"@example.org", indicators.RoleAdmin)
				_, body := u.post(t, "/admin/zones", url.Values{"code": {"Z9"}, "name_en": {"Zone " + v}}, true, http.StatusBadRequest)
				if !bytes.Contains(body, []byte("name_en")) {
					t.Fatalf("the answer does not name name_en: %s", body)
				}
				c.do("GET", "/api/v1/zones/Z9", "", 404, nil)
			})
			t.Run("query_parameter_"+name, func(t *testing.T) {
				c := c.in(t)
				refusedField(t, c.do("GET", "/api/v1/measurements?zone="+url.QueryEscape(v), "", 400, nil), 0, "zone", "invalid_text")
			})
			t.Run("path_parameter_"+name, func(t *testing.T) {
				c := c.in(t)
				refusedField(t, c.do("GET", "/api/v1/zones/"+url.PathEscape(v), "", 400, nil), 0, "zone", "invalid_text")
				refusedField(t, c.do("GET", "/api/v1/frameworks/"+url.PathEscape(v)+"/indicators", "", 400, nil), 0, "fw", "invalid_text")
			})
			t.Run("csv_cell_"+name, func(t *testing.T) {
				c := c.in(t)
				file := "zone_code,indicator_code,period,value,source,comment\nLY,SPC-01,2019,80,,fine\nLY,SPC-01,2018,80,," + v + "\n"
				refusedField(t, c.send("POST", "/api/v1/measurements/import?framework=igmc", "text/csv", strings.NewReader(file), 422, nil), 3, "comment", "invalid_text")
				c.noMeasurements(t)
				zones := "code,name_en\nZ8,Zone " + v + "\n"
				refusedField(t, c.send("POST", "/api/v1/zones/import", "text/csv", strings.NewReader(zones), 422, nil), 2, "name_en", "invalid_text")
				c.do("GET", "/api/v1/zones/Z8", "", 404, nil)
			})
		}
		t.Run("xlsx_cell_nul", func(t *testing.T) {
			c := c.in(t)
			// A workbook writes a NUL as the escape _x0000_, which reads back
			// as the byte.
			file := xlsxFile(t, [][]any{{"zone_code", "indicator_code", "period", "value", "source"}, {"LY", "SPC-01", "2019", 80, "MARK"}},
				map[string]string{"MARK": "a_x0000_b"})
			refusedField(t, c.send("POST", "/api/v1/measurements/import?framework=igmc", xlsxType, bytes.NewReader(file), 422, nil), 2, "source", "invalid_text")
			c.noMeasurements(t)
		})
		t.Run("xlsx_cell_not_utf8", func(t *testing.T) {
			c := c.in(t)
			// Bytes that are not UTF-8 make the workbook's XML unreadable:
			// refused as a whole, before any cell is read.
			file := xlsxFile(t, [][]any{{"zone_code", "indicator_code", "period", "value", "source"}, {"LY", "SPC-01", "2019", 80, "MARK"}},
				map[string]string{"MARK": "a\xff\xfeb"})
			c.send("POST", "/api/v1/measurements/import?framework=igmc", xlsxType, bytes.NewReader(file), 422, nil)
			c.noMeasurements(t)
		})
	})
}

// jsonEscape writes s into a JSON string literal as a client might: a NUL
// as its \u escape, other bytes as they are (so bytes that are not UTF-8
// reach the server raw).
func jsonEscape(s string) string { return strings.ReplaceAll(s, "\x00", `\u0000`) }

// TestAPIBodyWhateverItsType shows that the API reads its JSON body even
// when the client labels it a form, as `curl -d` does (the README's own
// examples): the check of form fields is the pages', and must leave an
// API body unread.
func TestAPIBodyWhateverItsType(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.userToken("curl@example.org", indicators.RoleOfficer, "LY")
		var got struct {
			Token string `json:"token"`
		}
		body := `{"email":"curl@example.org","password":"correct horse battery"}`
		c.as("").send("POST", "/api/v1/auth/token", "application/x-www-form-urlencoded", strings.NewReader(body), 201, &got)
		if got.Token == "" {
			t.Fatal("no token in the answer")
		}
		create := `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2019","value":1}`
		c.send("POST", "/api/v1/measurements", "application/x-www-form-urlencoded", strings.NewReader(create), 201, nil)
	})
}

// TestPageFormsAreBounded shows that a page's form past its limit is
// refused with 413 before any handler reads it, whoever sends it.
func TestPageFormsAreBounded(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		big := "next=/&email=" + strings.Repeat("a", 3<<20)
		for _, path := range []string{"/login", "/zones/LY/plan", "/language"} {
			req, _ := http.NewRequest("POST", c.srv.URL+path, strings.NewReader(big))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusRequestEntityTooLarge || len(body) > 64<<10 {
				t.Errorf("POST %s with a 3 MiB form: %d, %d bytes, want 413 and a short answer", path, resp.StatusCode, len(body))
			}
		}
	})
}
