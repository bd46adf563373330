package web_test

// This file is longer than 400 lines on purpose: the report downloads (PDF,
// progress CSV/XLSX/JSON, measurements XLSX) are checked against the same
// demo data and share its decoders.

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"igmc/indicators"
	"igmc/locale"
	"igmc/reports"
	"igmc/web"
)

const (
	pdfType  = "application/pdf"
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// cardJSON is the part of the scorecard JSON the report tests read.
type cardJSON struct {
	Index struct {
		Score *float64 `json:"score"`
	} `json:"index"`
	Perspectives []struct {
		Code   string   `json:"code"`
		NameEn string   `json:"name_en"`
		NameZh string   `json:"name_zh"`
		Score  *float64 `json:"score"`
	} `json:"perspectives"`
	Indicators []struct {
		Code  string   `json:"indicator_code"`
		Value *float64 `json:"value"`
	} `json:"indicators"`
}

// progressJSON is the part of the progress report the tests read.
type progressJSON struct {
	Year         int `json:"year"`
	PreviousYear int `json:"previous_year"`
	Index        struct {
		Current, Previous, Change *float64
	} `json:"index"`
	Perspectives []struct {
		Code  string `json:"code"`
		Score struct {
			Current, Previous, Change *float64
		} `json:"score"`
		Movement string `json:"movement"`
	} `json:"perspectives"`
	Indicators []struct {
		Code  string `json:"indicator_code"`
		Value struct {
			Current, Previous, Change *float64
		} `json:"value"`
		RelativeChange *float64 `json:"relative_change"`
		Movement       string   `json:"movement"`
		Reported       bool     `json:"reported"`
	} `json:"indicators"`
	OffTrack     []string `json:"off_track"`
	BehindPlan   []string `json:"behind_plan"`
	Completeness struct {
		Indicators int      `json:"indicators"`
		Reported   int      `json:"reported"`
		Missing    []string `json:"missing"`
	} `json:"completeness"`
	Unapproved struct {
		Total     int               `json:"total"`
		Draft     int               `json:"draft"`
		Submitted int               `json:"submitted"`
		Rejected  int               `json:"rejected"`
		Values    []measurementJSON `json:"values"`
	} `json:"unapproved"`
}

// pdfText extracts a PDF's text with pdftotext -layout, or skips the test
// when pdftotext (package poppler-utils) is not installed.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("IGMC_REQUIRE_PDFTOTEXT") != "" {
			t.Fatal("IGMC_REQUIRE_PDFTOTEXT is set but pdftotext is not installed")
		}
		t.Skip("pdftotext is not installed (apt-get install poppler-utils): the PDF's text cannot be checked")
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.100q", pdf)
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, out)
	}
	return string(out)
}

// oneDecimal is how the reports print a score.
func oneDecimal(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

func haveCJKFont() bool {
	_, err := os.Stat(reports.DefaultPDFFont())
	return err == nil
}

func TestScorecardPDF(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		var card cardJSON
		c.do("GET", "/api/v1/zones/LY/scorecard?year=2019", "", 200, &card)
		if card.Index.Score == nil || len(card.Indicators) < 48 {
			t.Fatalf("the demo's 2019 scorecard has no index or too few indicators: %+v", card)
		}
		const q = "/api/v1/zones/LY/scorecard.pdf?framework=igmc&year=2019"

		t.Run("english_has_every_code_and_the_index", func(t *testing.T) {
			resp, body := download(t, c, q, c.token)
			wantFile(t, resp, pdfType, "LY-igmc-2019-official.pdf")
			if n := resp.Header.Get("X-IGMC-Notice"); n != "" {
				t.Fatalf("notice on an English PDF: %s", n)
			}
			text := pdfText(t, body)
			for _, ind := range card.Indicators {
				if !strings.Contains(text, ind.Code) {
					t.Errorf("the PDF lacks indicator %s", ind.Code)
				}
			}
			// Every page says "Page i of n" with the same n, and the last is n.
			if m := regexp.MustCompile(`Page 1 of (\d+)`).FindStringSubmatch(text); m == nil || !strings.Contains(text, "Page "+m[1]+" of "+m[1]) {
				t.Errorf("the PDF's pages are not numbered i of n: %v", m)
			}
			for _, want := range []string{"Scorecard", "Liuyang Economic & Technological Development Zone (LY)", "Official (approved values only)",
				oneDecimal(*card.Index.Score), card.Perspectives[0].NameEn, "Page 1 of ", "method version"} {
				if !strings.Contains(text, want) {
					t.Errorf("the PDF lacks %q", want)
				}
			}
		})
		t.Run("chinese_has_the_perspective_names", func(t *testing.T) {
			resp, body := download(t, c, q+"&lang=zh", c.token)
			wantFile(t, resp, pdfType, "LY-igmc-2019-official.pdf")
			text := pdfText(t, body)
			if !haveCJKFont() {
				// The report falls back to English; the next subtest
				// checks that fallback on purpose.
				if os.Getenv("IGMC_REQUIRE_PDFTOTEXT") != "" {
					t.Fatalf("IGMC_REQUIRE_PDFTOTEXT is set but there is no Chinese font at %s", reports.DefaultPDFFont())
				}
				t.Skipf("no Chinese font at %s (apt-get install fonts-lxgw-wenkai): the Chinese text is not checked", reports.DefaultPDFFont())
			}
			if n := resp.Header.Get("X-IGMC-Notice"); n != "" {
				t.Fatalf("notice although the font is installed: %s", n)
			}
			for _, p := range card.Perspectives {
				if p.NameZh == "" || !strings.Contains(text, p.NameZh) {
					t.Errorf("the Chinese PDF lacks the perspective name %q", p.NameZh)
				}
			}
			for _, want := range []string{"评分卡", "浏阳经济技术开发区", "SPC-01", oneDecimal(*card.Index.Score)} {
				if !strings.Contains(text, want) {
					t.Errorf("the Chinese PDF lacks %q", want)
				}
			}
		})
		t.Run("chinese_without_a_font_is_english_with_a_notice", func(t *testing.T) {
			dir := t.TempDir()
			notAFont := filepath.Join(dir, "notes.ttf")
			if err := os.WriteFile(notAFont, []byte("not a font"), 0o600); err != nil {
				t.Fatal(err)
			}
			for _, font := range []string{filepath.Join(dir, "missing.ttf"), notAFont} {
				srv := web.New(c.store, slog.New(slog.DiscardHandler))
				srv.PDFFont = font
				ts := httptest.NewServer(srv.Handler())
				resp, body := exchange(t, ts.URL, httpCall{method: "GET", path: q + "&lang=zh", token: c.token})
				ts.Close()
				wantFile(t, resp, pdfType, "LY-igmc-2019-official.pdf")
				if n := resp.Header.Get("X-IGMC-Notice"); !strings.Contains(n, "English") || !strings.Contains(n, font) {
					t.Errorf("font %s: notice %q", font, n)
				}
				text := pdfText(t, body)
				for _, want := range []string{"Scorecard", "Chinese was asked for", "SPC-01", card.Perspectives[0].NameEn} {
					if !strings.Contains(text, want) {
						t.Errorf("font %s: the English PDF lacks %q", font, want)
					}
				}
			}
		})
		t.Run("working_view_is_marked", func(t *testing.T) {
			resp, body := download(t, c, "/api/v1/zones/LY/scorecard.pdf?year=2020&status=any", c.token)
			wantFile(t, resp, pdfType, "LY-igmc-2020-working.pdf")
			if text := pdfText(t, body); !strings.Contains(text, "Working view") || !strings.Contains(text, "not an official scorecard") {
				t.Errorf("the working view's PDF does not say so:\n%.600s", text)
			}
		})
		t.Run("bad_lang_422", func(t *testing.T) {
			var e apiError
			c.do("GET", q+"&lang=fr", "", 422, &e)
			if len(e.Error.Fields) != 1 || e.Error.Fields[0].Field != "lang" {
				t.Fatalf("error %+v", e)
			}
		})
	})
}

// demoValues are LY's annual values of a period, by indicator, as the API
// lists them.
func demoValues(t *testing.T, c *client, period string) map[string]float64 {
	t.Helper()
	var l listOf[measurementJSON]
	c.do("GET", "/api/v1/measurements?framework=igmc&zone=LY&period="+period+"&limit=1000", "", 200, &l)
	out := map[string]float64{}
	for _, m := range l.Items {
		out[m.Indicator] = m.Value
	}
	return out
}

// submittedIn counts LY's submitted values whose period falls in year.
func submittedIn(t *testing.T, c *client, year string) int {
	t.Helper()
	var l listOf[measurementJSON]
	c.do("GET", "/api/v1/measurements?framework=igmc&zone=LY&status=submitted&limit=1000", "", 200, &l)
	if l.Total > len(l.Items) {
		t.Fatalf("%d submitted values, more than one page", l.Total)
	}
	n := 0
	for _, m := range l.Items {
		if strings.HasPrefix(m.Period, year) {
			n++
		}
	}
	return n
}

// TestProgressReportOfTheDemo checks LY's progress from 2019 (approved) to
// 2020 (submitted) against figures computed here from the API's own values
// and scorecards.
func TestProgressReportOfTheDemo(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		v2019, v2020 := demoValues(t, c, "2019"), demoValues(t, c, "2020")
		submitted := submittedIn(t, c, "2020")
		if submitted == 0 || len(v2020) == 0 {
			t.Fatal("the demo has no submitted 2020 values")
		}

		t.Run("working_basis", func(t *testing.T) {
			var r progressJSON
			c.do("GET", "/api/v1/zones/LY/progress?framework=igmc&year=2020&status=any", "", 200, &r)
			if r.Year != 2020 || r.PreviousYear != 2019 {
				t.Fatalf("years %d, %d", r.Year, r.PreviousYear)
			}
			byCode := map[string]int{}
			for i, ind := range r.Indicators {
				byCode[ind.Code] = i
			}
			for _, code := range []string{"SPC-01", "SPC-03", "ECO-01", "ECO-02"} {
				ind := r.Indicators[byCode[code]]
				cur, prev := v2020[code], v2019[code]
				if ind.Value.Change == nil || math.Abs(*ind.Value.Change-(cur-prev)) > 1e-9 {
					t.Errorf("%s: change %v, want %v − %v = %v", code, ind.Value.Change, cur, prev, cur-prev)
				}
				if ind.RelativeChange == nil || math.Abs(*ind.RelativeChange-(cur-prev)/math.Abs(prev)) > 1e-12 {
					t.Errorf("%s: relative change %v, want %v", code, ind.RelativeChange, (cur-prev)/math.Abs(prev))
				}
				if !ind.Reported {
					t.Errorf("%s has a 2020 value, yet is not reported", code)
				}
			}
			// SPC-01, land development: 92 % in 2019, 100 % in 2020 (the
			// plan), higher is better.
			if spc := r.Indicators[byCode["SPC-01"]]; *spc.Value.Previous != 92 || *spc.Value.Current != 100 || spc.Movement != "better" {
				t.Errorf("SPC-01: %+v, want 92 → 100, better", spc)
			}
			var y19, y20 cardJSON
			c.do("GET", "/api/v1/zones/LY/scorecard?year=2019&status=any", "", 200, &y19)
			c.do("GET", "/api/v1/zones/LY/scorecard?year=2020&status=any", "", 200, &y20)
			for i, p := range r.Perspectives {
				want := *y20.Perspectives[i].Score - *y19.Perspectives[i].Score
				if p.Code != y20.Perspectives[i].Code || p.Score.Change == nil || math.Abs(*p.Score.Change-want) > 1e-9 {
					t.Errorf("perspective %s: change %v, want %v", p.Code, p.Score.Change, want)
				}
			}
			if want := *y20.Index.Score - *y19.Index.Score; r.Index.Change == nil || math.Abs(*r.Index.Change-want) > 1e-9 {
				t.Errorf("index change %v, want %v", r.Index.Change, want)
			}
			u := r.Unapproved
			if u.Total != submitted || u.Submitted != submitted || u.Draft != 0 || u.Rejected != 0 || len(u.Values) != submitted {
				t.Errorf("unapproved %d (%d submitted, %d draft, %d rejected, %d listed), want the %d submitted 2020 values",
					u.Total, u.Submitted, u.Draft, u.Rejected, len(u.Values), submitted)
			}
			if r.Completeness.Indicators != len(r.Indicators) || r.Completeness.Reported+len(r.Completeness.Missing) != len(r.Indicators) {
				t.Errorf("completeness %+v of %d indicators", r.Completeness, len(r.Indicators))
			}
		})
		t.Run("official_basis_carries_2019", func(t *testing.T) {
			// No 2020 value is approved: the official 2020 scorecard holds
			// the 2019 values, so nothing is reported for 2020 and nothing
			// changed; the submitted values are still listed.
			var r progressJSON
			c.do("GET", "/api/v1/zones/LY/progress?year=2020", "", 200, &r)
			if r.Completeness.Reported != 0 || len(r.Completeness.Missing) != len(r.Indicators) {
				t.Errorf("completeness %+v: no approved 2020 value", r.Completeness)
			}
			for _, ind := range r.Indicators {
				if ind.Value.Change == nil || *ind.Value.Change != 0 || ind.Movement != "unchanged" {
					t.Errorf("%s: change %v, %s", ind.Code, ind.Value.Change, ind.Movement)
				}
			}
			if r.Index.Change == nil || *r.Index.Change != 0 {
				t.Errorf("index change %v, want 0", r.Index.Change)
			}
			if r.Unapproved.Total != submitted {
				t.Errorf("unapproved %d, want %d", r.Unapproved.Total, submitted)
			}
		})
		t.Run("year_required_422", func(t *testing.T) {
			c.do("GET", "/api/v1/zones/LY/progress", "", 422, nil)
		})
		t.Run("unknown_zone_404", func(t *testing.T) {
			c.do("GET", "/api/v1/zones/NOPE/progress?year=2020", "", 404, nil)
		})
	})
}

func TestProgressFiles(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		var r progressJSON
		const q = "?framework=igmc&year=2020&status=any"
		c.do("GET", "/api/v1/zones/LY/progress"+q, "", 200, &r)
		if len(r.OffTrack) == 0 || len(r.BehindPlan) == 0 {
			t.Fatalf("the demo's 2020 report lists no indicator off track or behind plan: %v %v", r.OffTrack, r.BehindPlan)
		}

		t.Run("pdf_english", func(t *testing.T) {
			resp, body := download(t, c, "/api/v1/zones/LY/progress.pdf"+q, c.token)
			wantFile(t, resp, pdfType, "LY-igmc-2020-working-progress.pdf")
			text := pdfText(t, body)
			for _, want := range append([]string{"Progress report", "2020 compared with 2019", "Indicators off track", "Indicators behind plan",
				"Data completeness", "Values not yet approved", "Working view"}, append(r.OffTrack, r.BehindPlan...)...) {
				if !strings.Contains(text, want) {
					t.Errorf("the progress PDF lacks %q", want)
				}
			}
			if !strings.Contains(text, "("+strconv.Itoa(r.Unapproved.Total)+" draft") && !strings.Contains(text, strconv.Itoa(r.Unapproved.Total)+" (0 draft") {
				t.Errorf("the progress PDF does not count the %d unapproved values", r.Unapproved.Total)
			}
		})
		t.Run("pdf_chinese", func(t *testing.T) {
			_, body := download(t, c, "/api/v1/zones/LY/progress.pdf"+q+"&lang=zh", c.token)
			text := pdfText(t, body)
			if !haveCJKFont() {
				if os.Getenv("IGMC_REQUIRE_PDFTOTEXT") != "" {
					t.Fatalf("IGMC_REQUIRE_PDFTOTEXT is set but there is no Chinese font at %s", reports.DefaultPDFFont())
				}
				t.Skipf("no Chinese font at %s: the Chinese text is not checked", reports.DefaultPDFFont())
			}
			for _, want := range []string{"进展报告", "偏离轨道的指标", "落后于规划的指标", "空间规划与发展", r.OffTrack[0]} {
				if !strings.Contains(text, want) {
					t.Errorf("the Chinese progress PDF lacks %q", want)
				}
			}
		})
		t.Run("csv_has_the_json_figures", func(t *testing.T) {
			resp, body := download(t, c, "/api/v1/zones/LY/progress.csv"+q, c.token)
			wantFile(t, resp, "text/csv; charset=utf-8", "LY-igmc-2020-working-progress.csv")
			rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			col := map[string]int{}
			for i, h := range rows[0] {
				col[h] = i
			}
			levels := map[string]int{}
			for _, row := range rows[1:] {
				levels[row[col["level"]]]++
				if row[col["level"]] == "index" {
					if row[col["change"]] != indicators.FormatNumber(*r.Index.Change) || row[col["previous_year"]] != "2019" {
						t.Errorf("index row %v, JSON change %v", row, *r.Index.Change)
					}
				}
				if row[col["level"]] == "indicator" && row[col["code"]] == "SPC-01" && (row[col["change"]] != "8" || row[col["movement"]] != "better") {
					t.Errorf("SPC-01 row %v: 92 to 100 is a change of 8, better", row)
				}
			}
			if levels["index"] != 1 || levels["perspective"] != len(r.Perspectives) || levels["indicator"] != len(r.Indicators) || levels["unapproved"] != r.Unapproved.Total {
				t.Errorf("rows by level %v", levels)
			}
		})
		t.Run("xlsx_has_the_json_figures", func(t *testing.T) {
			resp, body := download(t, c, "/api/v1/zones/LY/progress.xlsx"+q, c.token)
			wantFile(t, resp, xlsxType, "LY-igmc-2020-working-progress.xlsx")
			f, err := excelize.OpenReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := strings.Join(f.GetSheetList(), ","); got != "Summary,Perspectives,Indicators,Unapproved" {
				t.Fatalf("sheets %s", got)
			}
			summary := map[string]string{}
			rows, _ := f.GetRows("Summary", excelize.Options{RawCellValue: true})
			for _, row := range rows {
				if len(row) == 2 {
					summary[row[0]] = row[1]
				}
			}
			// A cell keeps 15 significant digits.
			if v, err := strconv.ParseFloat(summary["index_change"], 64); err != nil || math.Abs(v-*r.Index.Change) > 1e-12 {
				t.Errorf("Summary index_change %q, JSON %v", summary["index_change"], *r.Index.Change)
			}
			if summary["unapproved"] != strconv.Itoa(r.Unapproved.Total) || summary["off_track"] != strconv.Itoa(len(r.OffTrack)) {
				t.Errorf("Summary %v", summary)
			}
			inds, _ := f.GetRows("Indicators", excelize.Options{RawCellValue: true})
			unapproved, _ := f.GetRows("Unapproved")
			if len(inds) != len(r.Indicators)+1 || len(unapproved) != r.Unapproved.Total+1 {
				t.Fatalf("%d indicator rows, %d unapproved rows; want %d and %d", len(inds)-1, len(unapproved)-1, len(r.Indicators), r.Unapproved.Total)
			}
			if inds[1][0] != r.Indicators[0].Code {
				t.Errorf("first indicator row %v", inds[1])
			}
		})
	})
}

func TestProgressPage(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		for _, lang := range []string{"en", "zh"} {
			t.Run(lang, func(t *testing.T) {
				resp, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: "/zones/LY/progress?year=2020&status=any", token: c.token,
					header: map[string]string{"Accept-Language": lang}})
				page := string(body)
				if resp.StatusCode != 200 || strings.Contains(page, locale.MissingMark) {
					t.Fatalf("status %d, or an untranslated text:\n%s", resp.StatusCode, page)
				}
				want := []string{"SPC-01", "/api/v1/zones/LY/progress.pdf?framework=igmc&amp;status=any&amp;year=2020&amp;lang=" + lang,
					`class="rating rating-`, `<label for="progress-year">`}
				if lang == "zh" {
					want = append(want, "进展报告", "浏阳经济技术开发区", "偏离轨道的指标")
				} else {
					want = append(want, "Progress report", "Indicators off track", "Values not yet approved")
				}
				for _, w := range want {
					if !strings.Contains(page, w) {
						t.Errorf("the page lacks %q", w)
					}
				}
			})
		}
		t.Run("defaults_to_the_latest_year", func(t *testing.T) {
			page := string(c.do("GET", "/zones/LY/progress", "", 200, nil))
			if !strings.Contains(page, `name="year" value="2020"`) {
				t.Errorf("the page does not open on 2020, the demo's last year")
			}
		})
		t.Run("bad_status_422", func(t *testing.T) {
			c.do("GET", "/zones/LY/progress?status=maybe", "", 422, nil)
		})
	})
}

// TestMeasurementsXLSX: the workbook holds the CSV export's rows, cell for
// cell, with values and versions as number cells.
func TestMeasurementsXLSX(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		for _, history := range []string{"false", "true"} {
			t.Run("history_"+history, func(t *testing.T) {
				q := "?framework=igmc&zone=LY-BIO&history=" + history
				want, err := csv.NewReader(bytes.NewReader(c.do("GET", "/api/v1/exports/measurements.csv"+q, "", 200, nil))).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				resp, body := download(t, c, "/api/v1/exports/measurements.xlsx"+q, c.token)
				wantFile(t, resp, xlsxType, "igmc-measurements.xlsx")
				f, err := excelize.OpenReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				got, err := f.GetRows("measurements", excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) || len(want) < 2 {
					t.Fatalf("%d rows, the CSV has %d", len(got), len(want))
				}
				for i := range want {
					for j := range want[i] {
						g := ""
						if j < len(got[i]) {
							g = got[i][j]
						}
						if history == "true" && i > 0 && j == 12 {
							g = map[string]string{"1": "true", "0": "false"}[g]
						}
						if g != want[i][j] {
							t.Fatalf("row %d column %s: %q, the CSV has %q", i+1, want[0][j], g, want[i][j])
						}
					}
				}
				for _, ref := range []string{"D2", "H2"} {
					if typ, _ := f.GetCellType("measurements", ref); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
						t.Errorf("%s is not a number cell (type %d)", ref, typ)
					}
				}
			})
		}
		t.Run("framework_required_400", func(t *testing.T) {
			resp, _ := download(t, c, "/api/v1/exports/measurements.xlsx", c.token)
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d", resp.StatusCode)
			}
		})
	})
}

// TestReportExportsKeepToTheZones: an officer of another zone is refused
// every report and export of LY, and its measurements workbook holds its
// own zone only; an officer of LY gets them all.
func TestReportExportsKeepToTheZones(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		c.do("POST", "/api/v1/zones", `{"code":"OTHER","name_en":"Another zone"}`, 201, nil)
		other := c.userToken("other@example.org", indicators.RoleOfficer, "OTHER")
		mine := c.userToken("ly@example.org", indicators.RoleOfficer, "LY")
		paths := []string{
			"/api/v1/zones/LY/scorecard.pdf?year=2019",
			"/api/v1/zones/LY/scorecard.pdf?year=2019&lang=zh",
			"/api/v1/zones/LY/progress?year=2020",
			"/api/v1/zones/LY/progress.pdf?year=2020",
			"/api/v1/zones/LY/progress.csv?year=2020",
			"/api/v1/zones/LY/progress.xlsx?year=2020",
			"/api/v1/exports/measurements.xlsx?framework=igmc&zone=LY",
		}
		for _, p := range paths {
			resp, body := download(t, c, p, other)
			var e apiError
			if resp.StatusCode != http.StatusForbidden || json.Unmarshal(body, &e) != nil || e.Error.Code != "forbidden" {
				t.Errorf("%s as an officer of another zone: %d %.200s", p, resp.StatusCode, body)
			}
			if resp, body := download(t, c, p, mine); resp.StatusCode != http.StatusOK {
				t.Errorf("%s as LY's officer: %d %.200s", p, resp.StatusCode, body)
			}
		}
		if resp, _ := exchange(t, c.srv.URL, httpCall{method: "GET", path: "/zones/LY/progress?year=2020", token: other}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("the progress page of LY as an officer of another zone: %d", resp.StatusCode)
		}
		// Without a zone, the workbook holds the caller's zones only:
		// OTHER has no values, so only the header row.
		_, body := download(t, c, "/api/v1/exports/measurements.xlsx?framework=igmc", other)
		f, err := excelize.OpenReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if rows, _ := f.GetRows("measurements"); len(rows) != 1 {
			t.Errorf("an officer of OTHER exported %d rows of values", len(rows)-1)
		}
	})
}
