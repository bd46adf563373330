package web_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"igmc/indicators"
)

// importPageSamples: the preview and the confirmation send a file of
// LY; each caller confirms a value of a year of its own, so the check
// after can tell an import from a refusal.
func (e *matrixEnv) importPageSamples() map[string]sample {
	year := 1930
	confirm := func(t *testing.T, _ matrixCaller) prepared {
		year++
		y := strconv.Itoa(year)
		file := []byte("zone_code,indicator_code,period,value\nLY,SPC-04," + y + ",12\n")
		return prepared{path: "/import/confirm", ctype: formType, body: confirmForm("igmc", file, "").Encode(),
			verify: func(t *testing.T, resp *http.Response) {
				var l listOf[measurementJSON]
				e.admin(t).do("GET", "/api/v1/measurements?zone=LY&indicator=SPC-04&period="+y, "", 200, &l)
				written := l.Total == 1 && l.Items[0].Status == "submitted"
				if written != (resp.StatusCode == http.StatusSeeOther) {
					t.Errorf("after status %d the confirmation wrote %d values for %s", resp.StatusCode, l.Total, y)
				}
			}}
	}
	preview := func(t *testing.T, _ matrixCaller) prepared {
		ctype, body := uploadForm(t, "igmc", "values.csv", []byte("zone_code,indicator_code,period,value\nLY,SPC-01,2018,70\n"))
		return prepared{path: "/import", ctype: ctype, body: body}
	}
	return map[string]sample{
		"GET /import": {path: "/import", ok: 200},
		"POST /import": {zoneLY: true, ok: 200, prepare: preview, check: func(t *testing.T, _ matrixCaller, body []byte) {
			if !strings.Contains(string(body), `id="import-counts"`) {
				t.Errorf("the preview shows no counts: %.300s", body)
			}
		}},
		"POST /import/confirm": {zoneLY: true, ok: http.StatusSeeOther, prepare: confirm},
		"GET /import/template": {path: "/import/template?zone=LY&year=2019", zoneLY: true, ok: 200,
			check: func(t *testing.T, _ matrixCaller, body []byte) {
				if !strings.HasPrefix(string(body), "\uFEFFzone_code,indicator_code,indicator_name") || !strings.Contains(string(body), "\nLY,SPC-01,") {
					t.Errorf("the template is not LY's: %.200s", body)
				}
			}},
	}
}

// uploadForm is the multipart body of the upload form.
func uploadForm(t *testing.T, framework, name string, file []byte) (ctype, body string) {
	return uploadFormToken(t, "", framework, name, file)
}

// uploadFormToken is the multipart body of the upload form with the CSRF
// token as its first field, as the page's form sends it ("" for none).
func uploadFormToken(t *testing.T, token, framework, name string, file []byte) (ctype, body string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if token != "" {
		_ = mw.WriteField("csrf_token", token)
	}
	_ = mw.WriteField("framework", framework)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(file)
	_ = mw.Close()
	return mw.FormDataContentType(), buf.String()
}

// confirmForm is the confirmation form of file; an empty digest is the
// file's own.
func confirmForm(framework string, file []byte, digest string) url.Values {
	if digest == "" {
		sum := sha256.Sum256(file)
		digest = hex.EncodeToString(sum[:])
	}
	return url.Values{"framework": {framework}, "name": {"values.csv"}, "sha256": {digest}, "file": {base64.RawURLEncoding.EncodeToString(file)}}
}

// upload sends the upload form as u; withToken puts the CSRF token in the
// form's first field, as the page's form does.
func (u *pageUser) upload(t *testing.T, name string, file []byte, withToken bool, want int) []byte {
	t.Helper()
	token := ""
	if withToken {
		token = u.csrf
	}
	ctype, body := uploadFormToken(t, token, "igmc", name, file)
	resp, page := exchange(t, u.c.srv.URL, httpCall{method: "POST", path: "/import", ctype: ctype, body: body, cookies: []*http.Cookie{u.session}})
	if resp.StatusCode != want {
		t.Fatalf("POST /import: status %d, want %d: %.2000s", resp.StatusCode, want, page)
	}
	return page
}

// hiddenFields reads the hidden fields of the confirmation form.
func hiddenFields(t *testing.T, page []byte) url.Values {
	t.Helper()
	form := regexp.MustCompile(`(?s)<form method="post" action="/import/confirm">.*?</form>`).Find(page)
	if form == nil {
		t.Fatalf("the preview offers no confirmation:\n%.3000s", page)
	}
	out := url.Values{}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllSubmatch(form, -1) {
		out.Set(string(m[1]), html.UnescapeString(string(m[2])))
	}
	return out
}

// confirmedFields are the confirmation form's fields with the checks'
// warnings confirmed, as a person ticking the box sends them (when the
// preview asks: the box is there only for warned rows without
// explanation).
func confirmedFields(t *testing.T, page []byte) url.Values {
	t.Helper()
	out := hiddenFields(t, page)
	if bytes.Contains(page, []byte(`name="accept_warnings" value="true"`)) {
		out.Set("accept_warnings", "true")
	}
	return out
}

func TestImportPage(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		officer := signInPage(t, c, "officer@example.org", indicators.RoleOfficer, "LY")
		prev := values(t, c, "LY", "2020")
		num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
		// Two new values, one changed, one unchanged (with the source and
		// comment it has: they count as much as the number).
		var stored struct {
			Source  string `json:"source"`
			Comment string `json:"comment"`
		}
		c.do("GET", "/api/v1/measurements/"+itoa(prev["SPC-04"].ID), "", 200, &stored)
		var goodBuf bytes.Buffer
		w := csv.NewWriter(&goodBuf)
		_ = w.WriteAll([][]string{{"zone_code", "indicator_code", "period", "value", "source", "comment"},
			{"LY", "SPC-01", "2021", "80", "Zone land bureau", ""},
			{"LY", "SPC-02", "2021", "1.1", "", ""},
			{"LY", "SPC-03", "2020", num(prev["SPC-03"].Value + 1), "", ""},
			{"LY", "SPC-04", "2020", num(prev["SPC-04"].Value), stored.Source, stored.Comment}})
		good := goodBuf.Bytes()

		t.Run("upload_without_csrf_403", func(t *testing.T) {
			page := officer.upload(t, "values.csv", good, false, http.StatusForbidden)
			if !strings.Contains(string(page), `data-error-code="forbidden"`) {
				t.Errorf("not the error page: %.300s", page)
			}
		})

		t.Run("bad_rows_listed_no_confirmation", func(t *testing.T) {
			bad := []byte("zone_code,indicator_code,period,value\n" +
				"LY,SPC-01,2021,80\n" +
				"LY,NOPE,2021,1\n" +
				"LY,SPC-02,2021,eighty\n" +
				"OTHER,SPC-01,2021,1\n" +
				"LY,SPC-08,2021,3\n")
			page := officer.upload(t, "bad.csv", bad, true, http.StatusUnprocessableEntity)
			for _, w := range []struct {
				line           int
				column, reason string
			}{{3, "indicator_code", `<code>NOPE</code></td><td>No indicator has the code “NOPE” in this framework.`},
				{4, "value", `<code>eighty</code></td><td>“eighty” is not a number`},
				{5, "zone_code", `<code>OTHER</code></td><td>No zone has the code “OTHER”.`},
				{6, "period", `<code>2021</code></td><td>The period 2021 is annual, but indicator SPC-08 is quarterly.`}} {
				row := fmt.Sprintf(`<tr><td class="num">%d</td><td><code>%s</code></td><td class="import-found">%s`, w.line, w.column, w.reason)
				if !strings.Contains(string(page), row) {
					t.Errorf("the preview does not list line %d, %s: %s", w.line, w.column, w.reason)
				}
			}
			if !strings.Contains(string(page), "Bad rows and cells: 4") || strings.Contains(string(page), "/import/confirm") {
				t.Errorf("the preview of a bad file counts wrong or offers a confirmation:\n%.3000s", page)
			}
			if n := len(values(t, c, "LY", "2021")); n != 0 {
				t.Fatalf("a preview wrote %d values", n)
			}
		})

		t.Run("clean_file_preview_then_confirm", func(t *testing.T) {
			page := officer.upload(t, "values.csv", good, true, http.StatusOK)
			for id, want := range map[string]int{"count-new": 2, "count-changed": 1, "count-unchanged": 1, "count-rows": 4} {
				if !strings.Contains(string(page), fmt.Sprintf(`id="%s">%d<`, id, want)) {
					t.Errorf("the preview does not count %s = %d", id, want)
				}
			}
			sum := sha256.Sum256(good)
			if !strings.Contains(string(page), `id="import-digest">`+hex.EncodeToString(sum[:])+`<`) {
				t.Error("the preview does not show the file's SHA-256")
			}
			if n := len(values(t, c, "LY", "2021")); n != 0 {
				t.Fatalf("the preview wrote %d values", n)
			}
			form := confirmedFields(t, page)
			if form.Get("csrf_token") != officer.csrf || form.Get("framework") != "igmc" {
				t.Fatalf("confirmation form %v", form)
			}
			t.Run("tampered_400", func(t *testing.T) {
				other := confirmForm("igmc", []byte("zone_code,indicator_code,period,value\nLY,SPC-05,2021,1\n"), form.Get("sha256"))
				officer.post(t, "/import/confirm", other, true, http.StatusBadRequest)
				if n := len(values(t, c, "LY", "2021")); n != 0 {
					t.Fatalf("a tampered confirmation wrote %d values", n)
				}
			})
			t.Run("without_csrf_403", func(t *testing.T) {
				form := hiddenFields(t, page)
				form.Del("csrf_token")
				officer.post(t, "/import/confirm", form, false, http.StatusForbidden)
				if n := len(values(t, c, "LY", "2021")); n != 0 {
					t.Fatalf("a confirmation without token wrote %d values", n)
				}
			})
			resp, _ := officer.post(t, "/import/confirm", form, false, http.StatusSeeOther)
			loc := resp.Header.Get("Location")
			_, done := officer.get(t, loc, http.StatusOK)
			if !strings.Contains(string(done), "Imported 4 rows into igmc: 2 new, 1 changed, 1 unchanged.") {
				t.Errorf("no summary after the import (%s)", loc)
			}
			now := values(t, c, "LY", "2021")
			if now["SPC-01"].Value != 80 || now["SPC-01"].Status != "submitted" || now["SPC-02"].Value != 1.1 || len(now) != 2 {
				t.Errorf("2021 after the import: %+v", now)
			}
			if got := values(t, c, "LY", "2020")["SPC-03"]; got.Value != prev["SPC-03"].Value+1 || got.Status != "submitted" {
				t.Errorf("the changed value: %+v", got)
			}
			if got := values(t, c, "LY", "2020")["SPC-04"]; got != prev["SPC-04"] {
				t.Errorf("the unchanged value changed: %+v, was %+v", got, prev["SPC-04"])
			}
		})

		t.Run("xlsx_file", func(t *testing.T) {
			f := excelize.NewFile()
			for i, r := range [][]any{{"zone_code", "indicator_code", "period", "value"}, {"LY", "SPC-05", "2021", 77.5}, {"LY", "SPC-06", "2021", "n/a"}} {
				cell, _ := excelize.CoordinatesToCellName(1, i+1)
				_ = f.SetSheetRow("Sheet1", cell, &r)
			}
			var buf bytes.Buffer
			_ = f.Write(&buf)
			page := officer.upload(t, "values.xlsx", buf.Bytes(), true, http.StatusUnprocessableEntity)
			if !strings.Contains(string(page), `<tr><td class="num">3</td><td><code>value</code></td>`) {
				t.Errorf("the bad cell of the workbook is not listed:\n%.3000s", page)
			}
			_ = f.SetCellValue("Sheet1", "D3", 66)
			buf.Reset()
			_ = f.Write(&buf)
			page = officer.upload(t, "values.xlsx", buf.Bytes(), true, http.StatusOK)
			officer.post(t, "/import/confirm", confirmedFields(t, page), false, http.StatusSeeOther)
			if now := values(t, c, "LY", "2021"); now["SPC-05"].Value != 77.5 || now["SPC-06"].Value != 66 {
				t.Errorf("the workbook's values: %+v", now)
			}
		})

		t.Run("no_file_400", func(t *testing.T) {
			page := officer.upload(t, "empty.csv", nil, true, http.StatusBadRequest)
			if !strings.Contains(string(page), "No file was chosen") {
				t.Errorf("no message for a missing file: %.300s", page)
			}
		})

		t.Run("too_large_413", func(t *testing.T) {
			big := append([]byte("zone_code,indicator_code,period,value\n"), bytes.Repeat([]byte("LY,SPC-01,2021,80\n"), 5<<20/18+1)...)
			page := officer.upload(t, "big.csv", big, true, http.StatusRequestEntityTooLarge)
			if !strings.Contains(string(page), "larger than 5 MB") {
				t.Errorf("no message for a file over the limit: %.300s", page)
			}
		})

		t.Run("template_of_another_zone_403", func(t *testing.T) {
			c.do("POST", "/api/v1/zones", `{"code":"OTHER","name_en":"Another zone"}`, 201, nil)
			resp, body := officer.get(t, "/import/template?zone=OTHER&year=2021", http.StatusForbidden)
			wantRefusal(t, resp, body, http.StatusForbidden, "forbidden")
		})
	})
}
