package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/locale"
)

// TestFormAnswersInBothLanguages posts the forms that answer with a page
// of errors — a wrong value in the entry form, an import with a bad row,
// a rejection without a comment, a user without a valid email — in
// English and in Chinese, and holds those pages to the same rules as the
// pages walked by GET: no untranslated key, the accessibility checks, a
// CSRF token in every form, and the error shown with its field.
func TestFormAnswersInBothLanguages(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		sess, csrf := session(t, c, "admin@example.org")
		var submitted listOf[measurementJSON]
		c.do("GET", "/api/v1/measurements?zone=LY&status=submitted&limit=1", "", 200, &submitted)
		if len(submitted.Items) == 0 {
			t.Fatal("the demo has no submitted value")
		}
		var upload bytes.Buffer
		mw := multipart.NewWriter(&upload)
		_ = mw.WriteField("framework", "igmc")
		fw, _ := mw.CreateFormFile("file", "values.csv")
		_, _ = fw.Write([]byte("zone_code,indicator_code,period,value\nLY,SPC-01,2021,80\nLY,SPC-01,2021,eighty\n"))
		_ = mw.Close()

		forms := []struct {
			name, path, ctype, body string
			status                  int
			// marks are texts the answer must hold (both languages).
			marks []string
		}{
			{"entry", "/zones/LY/entry?year=2021", formType,
				url.Values{"csrf_token": {csrf}, "action": {"draft"}, "v.SPC-01": {"-1"}, "v.SPC-02": {"1.1"}}.Encode(),
				http.StatusUnprocessableEntity, []string{`id="err-SPC-01"`, `aria-invalid="true"`, `value="1.1"`}},
			{"import", "/import?csrf_token=" + url.QueryEscape(csrf), mw.FormDataContentType(), upload.String(),
				http.StatusUnprocessableEntity, []string{"eighty"}},
			{"review", "/review", formType,
				url.Values{"csrf_token": {csrf}, "action": {"reject"}, "id": {itoa(submitted.Items[0].ID)}}.Encode(),
				http.StatusUnprocessableEntity, []string{`id="comment"`, `aria-invalid="true"`}},
			{"admin", "/admin/users", formType,
				url.Values{"csrf_token": {csrf}, "email": {"not an email"}, "role": {"auditor"}, "password": {"correct horse battery"}}.Encode(),
				http.StatusUnprocessableEntity, []string{`value="not an email"`, `aria-invalid="true"`}},
			{"what-if refused", "/zones/LY/planner?year=2019", formType,
				url.Values{"csrf_token": {csrf}, "v.SPC-01": {"ninety"}, "v.SPC-02": {"1.1"}}.Encode(),
				http.StatusUnprocessableEntity, []string{`id="werr-SPC-01"`, `aria-invalid="true"`, `value="ninety"`, `value="1.1"`}},
			{"what-if", "/zones/LY/planner?year=2019", formType,
				url.Values{"csrf_token": {csrf}, "v.SPC-01": {"95"}}.Encode(),
				http.StatusOK, []string{`data-section="what-if"`, `data-table="side-by-side"`, `value="95"`}},
		}
		for _, lang := range locale.Languages {
			for _, f := range forms {
				resp, body := exchange(t, c.srv.URL, httpCall{method: "POST", path: f.path, ctype: f.ctype, body: f.body,
					cookies: []*http.Cookie{sess, {Name: "igmc_lang", Value: lang}}})
				page := string(body)
				if resp.StatusCode != f.status {
					t.Errorf("%s (%s): status %d, want %d: %.300s", f.name, lang, resp.StatusCode, f.status, page)
					continue
				}
				if i := strings.Index(page, locale.MissingMark); i >= 0 {
					t.Errorf("%s (%s): untranslated key %s", f.name, lang, page[i:min(len(page), i+80)])
				}
				for _, m := range f.marks {
					if !strings.Contains(page, m) {
						t.Errorf("%s (%s): the answer lacks %s", f.name, lang, m)
					}
				}
				for _, p := range append(accessibilityProblems(page), formsWithoutCSRF(page)...) {
					t.Errorf("%s (%s): %s", f.name, lang, p)
				}
			}
		}
		// Nothing was written by any of them.
		var l listOf[measurementJSON]
		c.do("GET", "/api/v1/measurements?zone=LY&period=2021", "", 200, &l)
		if l.Total != 0 {
			t.Errorf("refused forms wrote %d values", l.Total)
		}
		var m measurementJSON
		c.do("GET", "/api/v1/measurements/"+itoa(submitted.Items[0].ID), "", 200, &m)
		if m.Status != string(indicators.Submitted) {
			t.Errorf("a refused rejection changed the value to %s", m.Status)
		}
	})
}
