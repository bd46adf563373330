package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
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

// csrfInURL finds a CSRF token in a link or a form's target.
var csrfInURL = regexp.MustCompile(`(?i)(?:href|action|formaction|src)="[^"]*csrf_token`)

// noTokenInURLs fails when a page or a redirect puts the CSRF token in a URL.
func noTokenInURLs(t *testing.T, what string, resp *http.Response, page []byte) {
	t.Helper()
	if loc := resp.Header.Get("Location"); strings.Contains(loc, "csrf_token") {
		t.Errorf("%s: redirect to %q carries the CSRF token", what, loc)
	}
	if m := csrfInURL.Find(page); m != nil {
		t.Errorf("%s: %s", what, m)
	}
}

// tbodyRows counts the rows of the table with id.
func tbodyRows(t *testing.T, page []byte, id string) int {
	t.Helper()
	m := regexp.MustCompile(`(?s)<table id="` + id + `">.*?<tbody>(.*?)</tbody>`).FindSubmatch(page)
	if m == nil {
		return 0
	}
	return bytes.Count(m[1], []byte("<tr>"))
}

func TestImportPreviewLists(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		officer := signInPage(t, c, "officer@example.org", indicators.RoleOfficer, "LY")
		prev := values(t, c, "LY", "2020")
		num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

		t.Run("changed_value_old_to_new", func(t *testing.T) {
			file := "zone_code,indicator_code,period,value\n" +
				"LY,SPC-03,2020," + num(prev["SPC-03"].Value+1) + "\n" + // 2 changed
				"LY,SPC-01,2021,80\n" + // 3 new
				"LY,SPC-02,2021,\n" // 4 no value: skipped
			page := officer.upload(t, "values.csv", []byte(file), true, http.StatusOK)
			change := fmt.Sprintf(`<td class="num">2</td><td><code>LY</code></td><td><code>SPC-03</code></td><td>2020</td>`+
				`<td class="num import-change"><span class="old">%s</span> → <strong class="new">%s</strong></td>`, num(prev["SPC-03"].Value), num(prev["SPC-03"].Value+1))
			if !strings.Contains(string(page), change) {
				t.Errorf("the preview does not show SPC-03 2020 as old → new (%s):\n%.4000s", change, page)
			}
			if !strings.Contains(string(page), `<td class="num">3</td><td><code>LY</code></td><td><code>SPC-01</code></td><td>2021</td><td class="num">80</td>`) {
				t.Errorf("the preview does not list the new value")
			}
			for id, want := range map[string]int{"count-new": 1, "count-changed": 1, "count-unchanged": 0, "count-skipped": 1, "count-rows": 2} {
				if !strings.Contains(string(page), fmt.Sprintf(`id="%s">%d<`, id, want)) {
					t.Errorf("the preview does not count %s = %d", id, want)
				}
			}
			if n := tbodyRows(t, page, "import-changed"); n != 1 {
				t.Errorf("%d changed rows listed, want 1", n)
			}
			if got := values(t, c, "LY", "2020")["SPC-03"]; got.Value != prev["SPC-03"].Value {
				t.Errorf("the preview changed SPC-03 to %v", got.Value)
			}
		})

		t.Run("lists_are_bounded", func(t *testing.T) {
			var b strings.Builder
			b.WriteString("zone_code,indicator_code,period,value\n")
			n := 0
			for y := 2030; n < 150; y++ {
				for m := 1; m <= 12 && n < 150; m++ {
					fmt.Fprintf(&b, "LY,ENV-01,%d-%02d,%d\n", y, m, 10+n%50)
					n++
				}
			}
			page := officer.upload(t, "many.csv", []byte(b.String()), true, http.StatusOK)
			if got := tbodyRows(t, page, "import-new"); got != 100 {
				t.Errorf("%d new values listed, want 100", got)
			}
			if !strings.Contains(string(page), `id="import-new-more">… and 50 more`) || !strings.Contains(string(page), `id="count-new">150<`) {
				t.Errorf("no \"and 50 more\" under 100 of 150 new values")
			}
			bad := regexp.MustCompile(`,\d+\n`).ReplaceAllString(b.String(), ",x\n")
			page = officer.upload(t, "bad.csv", []byte(bad), true, http.StatusUnprocessableEntity)
			if got := tbodyRows(t, page, "import-errors"); got != 100 {
				t.Errorf("%d bad rows listed, want 100", got)
			}
			if !strings.Contains(string(page), "Bad rows and cells: 150") || !strings.Contains(string(page), `id="import-errors-more">50 more`) {
				t.Errorf("the bad rows beyond 100 are not counted:\n%.1500s", page)
			}
		})

		t.Run("no_csrf_token_in_urls", func(t *testing.T) {
			resp, page := officer.get(t, "/import", http.StatusOK)
			noTokenInURLs(t, "GET /import", resp, page)
			if !strings.Contains(string(page), `<form method="post" action="/import" enctype="multipart/form-data">
<input type="hidden" name="csrf_token"`) {
				t.Error("the upload form does not send the token as its first field")
			}
			file := []byte("zone_code,indicator_code,period,value\nLY,SPC-05,2021,12\n")
			ctype, body := uploadFormToken(t, officer.csrf, "igmc", "v.csv", file)
			resp, page = exchange(t, c.srv.URL, httpCall{method: "POST", path: "/import", ctype: ctype, body: body, cookies: []*http.Cookie{officer.session}})
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("upload with the token in the body: %d", resp.StatusCode)
			}
			noTokenInURLs(t, "the preview", resp, page)
			bad := officer.upload(t, "bad.csv", []byte("zone_code,indicator_code,period,value\nLY,NOPE,2021,1\n"), true, http.StatusUnprocessableEntity)
			noTokenInURLs(t, "a refused file", resp, bad)
			resp, _ = officer.post(t, "/import/confirm", confirmedFields(t, page), false, http.StatusSeeOther)
			noTokenInURLs(t, "the confirmation", resp, nil)
			resp, page = officer.get(t, resp.Header.Get("Location"), http.StatusOK)
			noTokenInURLs(t, "the summary", resp, page)
			// A token put after the file is not the form's: refused.
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			fw, _ := mw.CreateFormFile("file", "v.csv")
			_, _ = fw.Write(file)
			_ = mw.WriteField("csrf_token", officer.csrf)
			_ = mw.Close()
			resp, _ = exchange(t, c.srv.URL, httpCall{method: "POST", path: "/import", ctype: mw.FormDataContentType(), body: buf.String(), cookies: []*http.Cookie{officer.session}})
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("a token after the file: %d, want 403", resp.StatusCode)
			}
		})

		t.Run("chinese_page_chinese_details", func(t *testing.T) {
			zh := signInPage(t, c, "zh-officer@example.org", indicators.RoleOfficer, "LY")
			zh.post(t, "/language", url.Values{"lang": {"zh"}, "next": {"/import"}}, true, http.StatusSeeOther)
			bad := "zone_code,indicator_code,period,value\n" +
				"LY,NOPE,2021,1\n" + // 2 unknown indicator
				"LY,SPC-02,2021,eighty\n" + // 3 not a number
				"OTHER,SPC-01,2021,1\n" + // 4 unknown zone
				"LY,SPC-08,2021,3\n" + // 5 period of another frequency
				"LY,SPC-01,2021,150\n" + // 6 out of range
				"LY,SPC-05,2021-13,1\n" + // 7 not a period
				"LY,SPC-06,2021,1,x,y,z\n" // 8 cells past the header
			page := zh.upload(t, "bad.csv", []byte(bad), true, http.StatusUnprocessableEntity)
			for _, want := range []string{"该指标体系中没有代码为“NOPE”的指标。", "“eighty”不是数字", "没有代码为“OTHER”的区域。",
				"期间 2021 是年度期间，但指标 SPC-08 按季度填报。", "数值 150 超出合理范围 [0, 100]。", "“2021-13”不是有效的期间",
				"该行第 7 列有值（“z”），超出了表头的 4 列。"} {
				if !strings.Contains(string(page), want) {
					t.Errorf("the Chinese page lacks %q", want)
				}
			}
			table := regexp.MustCompile(`(?s)<div class="problem".*?</table>`).Find(page)
			if table == nil {
				t.Fatalf("no problem and no table:\n%.3000s", page)
			}
			// What the file said (quoted, or in code) and indicator codes
			// are the reader's own; every other word must be Chinese.
			text := regexp.MustCompile(`(?s)<code>.*?</code>|<[^>]*>|“[^”]*”|\b[A-Z]{3}-\d\d\b`).ReplaceAll(table, nil)
			if w := regexp.MustCompile(`[A-Za-z]{3,}`).FindAll(text, -1); len(w) > 0 {
				t.Errorf("English words on the Chinese import page: %q\n%s", w, text)
			}
		})
	})
}

// TestImportTemplateRoundTrip: the template of a year carries every
// indicator and period (quarters and months included), with the name, unit
// and last year's value; filled in and uploaded (CSV from a Chinese page,
// XLSX from an English one), its values import and its blank rows are
// skipped.
func TestImportTemplateRoundTrip(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		officer := signInPage(t, c, "officer@example.org", indicators.RoleOfficer, "LY")
		zh := signInPage(t, c, "zh-officer@example.org", indicators.RoleOfficer, "LY")
		zh.post(t, "/language", url.Values{"lang": {"zh"}, "next": {"/import"}}, true, http.StatusSeeOther)
		// The pilot catalogue: 48 indicators, of which SPC-08 and ECO-07
		// are quarterly and ENV-01 and CUL-05 monthly: 44 + 2×4 + 2×12.
		const rowsPerYear = 76
		march := values(t, c, "LY", "2020-03")["ENV-01"].Value

		t.Run("csv_zh", func(t *testing.T) {
			resp, body := zh.get(t, "/import/template?zone=LY&framework=igmc&year=2021&format=csv", http.StatusOK)
			if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="igmc-LY-2021-template.csv"` {
				t.Errorf("Content-Disposition %q", cd)
			}
			rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF")))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			head := strings.Join(rows[0], "|")
			if head != "zone_code|indicator_code|indicator_name（指标名称，仅供参考，不导入）|unit（单位，仅供参考，不导入）|period|"+
				"last_year_value（2020 年数值，仅供参考，不导入）|value|source|comment|quality|explain" {
				t.Errorf("header %s", head)
			}
			if len(rows)-1 != rowsPerYear {
				t.Fatalf("%d rows, want %d", len(rows)-1, rowsPerYear)
			}
			periods := map[string][]string{}
			for _, r := range rows[1:] {
				periods[r[1]] = append(periods[r[1]], r[4])
				if r[0] != "LY" || r[6] != "" {
					t.Errorf("row %v", r)
				}
				if r[1] == "ENV-01" && r[4] == "2021-03" && (r[2] != "细颗粒物（PM2.5）浓度" || r[3] != "µg/m³" || r[5] != strconv.FormatFloat(march, 'f', -1, 64)) {
					t.Errorf("ENV-01 2021-03: %v, want last year's %v", r, march)
				}
			}
			if got := strings.Join(periods["SPC-08"], " "); got != "2021-Q1 2021-Q2 2021-Q3 2021-Q4" {
				t.Errorf("SPC-08 periods %s", got)
			}
			if got := periods["ENV-01"]; len(got) != 12 || got[0] != "2021-01" || got[11] != "2021-12" {
				t.Errorf("ENV-01 periods %v", got)
			}
			// Fill three rows; leave the rest blank.
			fill := map[string]string{"SPC-01 2021": "61.5", "SPC-08 2021-Q2": "42", "ENV-01 2021-07": "33.5"}
			for _, r := range rows[1:] {
				if v, ok := fill[r[1]+" "+r[4]]; ok {
					r[6] = v
				}
			}
			var buf bytes.Buffer
			_ = csv.NewWriter(&buf).WriteAll(rows)
			page := zh.upload(t, "template.csv", buf.Bytes(), true, http.StatusOK)
			if !strings.Contains(string(page), `id="count-new">3<`) || !strings.Contains(string(page), fmt.Sprintf(`id="count-skipped">%d<`, rowsPerYear-3)) {
				t.Fatalf("the filled template does not preview as 3 new, %d skipped:\n%.3000s", rowsPerYear-3, page)
			}
			resp, _ = zh.post(t, "/import/confirm", confirmedFields(t, page), false, http.StatusSeeOther)
			_, done := zh.get(t, resp.Header.Get("Location"), http.StatusOK)
			if !strings.Contains(string(done), fmt.Sprintf("有 %d 行没有填写数值，已跳过。", rowsPerYear-3)) {
				t.Errorf("the summary does not say how many rows were skipped")
			}
			for period, want := range map[string][2]any{"2021": {"SPC-01", 61.5}, "2021-Q2": {"SPC-08", 42.0}, "2021-07": {"ENV-01", 33.5}} {
				if got := values(t, c, "LY", period)[want[0].(string)]; got.Value != want[1].(float64) || got.Status != "submitted" {
					t.Errorf("%s %s after the import: %+v", want[0], period, got)
				}
			}
			if n := len(values(t, c, "LY", "2021-Q1")); n != 0 {
				t.Errorf("a blank row was imported: %d values for 2021-Q1", n)
			}
		})

		t.Run("xlsx_en", func(t *testing.T) {
			resp, body := officer.get(t, "/import/template?zone=LY&framework=igmc&year=2022&format=xlsx", http.StatusOK)
			if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="igmc-LY-2022-template.xlsx"` {
				t.Errorf("Content-Disposition %q", cd)
			}
			sheet := sheetXML(t, body)
			if !strings.Contains(sheet, "<sheetProtection") {
				t.Error("the template's sheet is not protected")
			}
			f, err := excelize.OpenReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = f.Close() }()
			rows, err := f.GetRows("measurements")
			if err != nil {
				t.Fatal(err)
			}
			if head := strings.Join(rows[0], "|"); head != "zone_code|indicator_code|indicator_name (not imported)|unit (not imported)|period|"+
				"last_year_value (2021, not imported)|value|source|comment|quality|explain" {
				t.Errorf("header %s", head)
			}
			if len(rows)-1 != rowsPerYear {
				t.Fatalf("%d rows, want %d", len(rows)-1, rowsPerYear)
			}
			for col, locked := range map[string]bool{"C": true, "D": true, "F": true, "A": false, "E": false, "G": false, "H": false} {
				id, err := f.GetCellStyle("measurements", col+"2")
				if err != nil {
					t.Fatal(err)
				}
				st, err := f.GetStyle(id)
				if err != nil {
					t.Fatal(err)
				}
				grey := len(st.Fill.Color) == 1 && st.Fill.Color[0] == "E7E6E6"
				if st.Protection == nil || st.Protection.Locked != locked || grey != locked {
					t.Errorf("column %s: locked %v, grey %v; want both %v", col, st.Protection, grey, locked)
				}
			}
			filled := 0
			for i, r := range rows[1:] {
				key := r[1] + " " + r[4]
				switch key {
				case "SPC-08 2022-Q2":
					if len(r) < 6 || r[5] != "42" {
						t.Errorf("SPC-08 2022-Q2's last year value %v, want 42 (imported for 2021-Q2)", r)
					}
					_ = f.SetCellFloat("measurements", "G"+strconv.Itoa(i+2), 43, -1, 64)
					filled++
				case "ENV-01 2022-07":
					_ = f.SetCellValue("measurements", "G"+strconv.Itoa(i+2), 34.25)
					filled++
				}
			}
			var buf bytes.Buffer
			if err := f.Write(&buf); err != nil {
				t.Fatal(err)
			}
			page := officer.upload(t, "template.xlsx", buf.Bytes(), true, http.StatusOK)
			if filled != 2 || !strings.Contains(string(page), `id="count-new">2<`) || !strings.Contains(string(page), fmt.Sprintf(`id="count-skipped">%d<`, rowsPerYear-2)) {
				t.Fatalf("the filled workbook does not preview as 2 new, %d skipped:\n%.3000s", rowsPerYear-2, page)
			}
			officer.post(t, "/import/confirm", confirmedFields(t, page), false, http.StatusSeeOther)
			if got := values(t, c, "LY", "2022-Q2")["SPC-08"]; got.Value != 43 {
				t.Errorf("SPC-08 2022-Q2 after the import: %+v", got)
			}
			if got := values(t, c, "LY", "2022-07")["ENV-01"]; got.Value != 34.25 {
				t.Errorf("ENV-01 2022-07 after the import: %+v", got)
			}
		})

		t.Run("bad_format_422", func(t *testing.T) {
			resp, body := officer.get(t, "/import/template?zone=LY&year=2022&format=pdf", http.StatusUnprocessableEntity)
			wantRefusal(t, resp, body, http.StatusUnprocessableEntity, "invalid")
		})
	})
}

// sheetXML is the first worksheet's XML of a workbook.
func sheetXML(t *testing.T, book []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = rc.Close() }()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatal("no xl/worksheets/sheet1.xml in the workbook")
	return ""
}
