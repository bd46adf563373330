package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"igmc/indicators"
)

// entryEvidenceForm is the entry row's upload as a browser sends it: the
// hidden fields in the order of the row, then the files.
func entryEvidenceForm(token string, id int64, key string, files ...any) (string, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if token != "" {
		_ = w.WriteField("csrf_token", token)
	}
	_ = w.WriteField("framework", "igmc")
	_ = w.WriteField("year", "2019")
	_ = w.WriteField("id", itoa(id))
	_ = w.WriteField("key", key)
	for i := 0; i+1 < len(files); i += 2 {
		fw, _ := w.CreateFormFile("file", files[i].(string))
		_, _ = fw.Write(files[i+1].([]byte))
	}
	_ = w.Close()
	return w.FormDataContentType(), buf.String()
}

// TestEvidenceOnPages: an officer attaches files from the entry form's
// row (CSRF token first in the multipart form), and the files are listed
// with name, size, type and a download link on the entry row, the review
// row, the value history and the scorecard row, in both languages.
func TestEvidenceOnPages(t *testing.T) {
	evidenceServer(t, func(t *testing.T, c *client, tmp string) {
		officer := signInPage(t, c, "officer@ly", indicators.RoleOfficer, "LY")
		var m measurementJSON
		c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2019","value":80}`, 201, &m)
		_, page := officer.get(t, "/zones/LY/entry?year=2019", http.StatusOK)
		if !strings.Contains(string(page), `data-evidence-form="SPC-01"`) || !strings.Contains(string(page), `<form id="ev-SPC-01" method="post" action="/zones/LY/entry/evidence" enctype="multipart/form-data"`) ||
			!strings.Contains(string(page), `<input type="file" id="e-SPC-01" name="file" multiple form="ev-SPC-01">`) {
			t.Fatalf("the entry row of SPC-01 has no upload:\n%s", entryRowOf(t, page, "SPC-01"))
		}
		row := entryRowOf(t, page, "SPC-01")
		if i, j := strings.Index(row, `name="csrf_token"`), strings.Index(row, `type="file"`); i < 0 || j < i {
			t.Fatalf("the row's CSRF field does not come before its file field:\n%s", row)
		}
		report := pdfFile(3000, 'p')
		send := func(token string, want int, files ...any) (*http.Response, []byte) {
			t.Helper()
			ct, body := entryEvidenceForm(token, m.ID, "SPC-01", files...)
			resp, b := exchange(t, c.srv.URL, httpCall{method: "POST", path: "/zones/LY/entry/evidence", ctype: ct, body: body, cookies: []*http.Cookie{officer.session}})
			if resp.StatusCode != want {
				t.Fatalf("status %d, want %d: %.600s", resp.StatusCode, want, b)
			}
			return resp, b
		}

		t.Run("without_token_refused", func(t *testing.T) {
			send("", http.StatusForbidden, "report.pdf", report)
		})
		t.Run("bad_type_refused_in_words", func(t *testing.T) {
			_, b := send(officer.csrf, http.StatusUnprocessableEntity, "page.pdf", []byte("<html><body>x</body></html>"))
			if !strings.Contains(string(b), "“page.pdf” is not of a type taken as evidence") {
				t.Fatalf("the refusal does not say why:\n%s", b)
			}
		})
		t.Run("attached", func(t *testing.T) {
			resp, _ := send(officer.csrf, http.StatusSeeOther, "统计年鉴.pdf", report)
			if loc := resp.Header.Get("Location"); loc != "/zones/LY/entry?framework=igmc&year=2019#v-SPC-01" {
				t.Fatalf("sent to %q", loc)
			}
		})
		link := `<a href="/api/v1/evidence/` + shaOf(report) + `" download>统计年鉴.pdf</a> <span class="muted">3 KB · PDF</span>`
		t.Run("entry_row", func(t *testing.T) {
			_, page := officer.get(t, "/zones/LY/entry?year=2019", http.StatusOK)
			if !strings.Contains(entryRowOf(t, page, "SPC-01"), link) {
				t.Fatalf("the entry row does not list the file:\n%s", entryRowOf(t, page, "SPC-01"))
			}
		})
		t.Run("history", func(t *testing.T) {
			_, page := officer.get(t, "/zones/LY/indicators/SPC-01/history?year=2019", http.StatusOK)
			if !strings.Contains(string(page), link) {
				t.Fatal("the value history does not list the file")
			}
			_, page = officer.get(t, "/zones/LY/indicators/SPC-01/history?year=2018", http.StatusOK)
			if strings.Contains(string(page), "统计年鉴.pdf") {
				t.Fatal("another year's history lists the file")
			}
		})
		t.Run("review_row", func(t *testing.T) {
			c.do("POST", "/api/v1/measurements/"+itoa(m.ID)+"/submit", "", 200, nil)
			reviewer := signInPage(t, c, "reviewer@ly", indicators.RoleReviewer, "LY")
			_, page := reviewer.get(t, "/review?zone=LY", http.StatusOK)
			rows := reviewRows(page)
			if len(rows) != 1 || !strings.Contains(rows[0].html, link) {
				t.Fatalf("the review row does not list the file: %+v", rows)
			}
		})
		t.Run("scorecard_row", func(t *testing.T) {
			_, page := officer.get(t, "/zones/LY/scorecard?year=2019&status=any", http.StatusOK)
			i := strings.Index(string(page), `<tr data-indicator="SPC-01">`)
			j := strings.Index(string(page), `<tr data-indicator="SPC-02">`)
			if i < 0 || j < i || !strings.Contains(string(page[i:j]), link) {
				t.Fatal("the scorecard row does not list the file")
			}
		})
		t.Run("chinese", func(t *testing.T) {
			zh := *officer
			zh.session = officer.session
			resp, page := exchange(t, c.srv.URL, httpCall{method: "GET", path: "/zones/LY/indicators/SPC-01/history?year=2019",
				cookies: []*http.Cookie{officer.session, {Name: "igmc_lang", Value: "zh"}}})
			if resp.StatusCode != 200 || !strings.Contains(string(page), "佐证材料：") || !strings.Contains(string(page), "3 KB · PDF") {
				t.Fatalf("the Chinese history page does not list the file: %d", resp.StatusCode)
			}
		})
	})
}

// entryEvidenceSamples are the matrix's sample of the entry form's upload.
func (e *matrixEnv) entryEvidenceSamples() map[string]sample {
	return map[string]sample{
		"POST /zones/:zone/entry/evidence": {zoneLY: true, ok: http.StatusSeeOther, prepare: func(t *testing.T, _ matrixCaller) prepared {
			m := e.fresh(t, false)
			ct, body := entryEvidenceForm("", m.ID, "ENV-01", "matrix.pdf", pdfFile(250, 'e'))
			return prepared{path: "/zones/LY/entry/evidence", body: body, ctype: ct}
		}},
	}
}
