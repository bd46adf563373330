package web_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"igmc/indicators"
	"igmc/indicators/numbertest"
)

// numberField is an annual indicator of the pilot catalogue with its
// plausible range, as a place to type a value into.
type numberField struct {
	code     string
	min, max float64
	percent  bool
}

var numberFields = []numberField{
	{"SPC-02", -10, 10, false}, {"CUL-04", 0, 1e6, false}, {"ECO-06", 0, 1e5, false}, {"CUL-08", 0, 1e5, false},
	{"SPC-03", 0, 5e4, false}, {"SOC-07", 0, 1e4, false}, {"CUL-01", 0, 1e4, false}, {"SPC-04", 0, 1e4, false},
	{"ECO-02", 0, 1e4, false}, {"SOC-03", 0, 5000, false}, {"SOC-04", 0, 5000, false}, {"SPC-07", 0, 1000, false},
	{"CUL-03", 0, 1000, false}, {"ENV-02", 0, 1000, false}, {"ECO-03", 0, 500, false}, {"ENV-06", 0, 500, false},
	{"SRV-04", 0, 100, false}, {"ECO-01", 0, 100, false}, {"SOC-06", 0, 100, false},
	{"SPC-01", 0, 100, true}, {"SPC-05", 0, 100, true}, {"SPC-06", 0, 100, true}, {"SRV-01", 0, 100, true},
	{"SRV-02", 0, 100, true}, {"SRV-03", 0, 100, true}, {"SRV-05", 0, 100, true}, {"SRV-06", 0, 100, true},
}

// numberPlace is where one accepted form goes: an indicator and a year.
type numberPlace struct {
	form numbertest.Accepted
	code string
	year int
}

// placeNumberForms gives each accepted form an indicator whose range holds
// it (a percentage indicator for a form ending in '%'), in the first of
// the years from 2019 on where that indicator is still free.
func placeNumberForms(t *testing.T) []numberPlace {
	t.Helper()
	used := map[string]bool{}
	var out []numberPlace
	for _, f := range numbertest.AcceptedForms {
		placed := false
		for year := 2019; year <= 2023 && !placed; year++ {
			for _, nf := range numberFields {
				key := nf.code + strconv.Itoa(year)
				if used[key] || nf.percent != f.Percent || f.Want < nf.min || f.Want > nf.max {
					continue
				}
				used[key], placed = true, true
				out = append(out, numberPlace{f, nf.code, year})
				break
			}
		}
		if !placed {
			t.Fatalf("no field holds %q (%v)", f.In, f.Want)
		}
	}
	return out
}

// checkStored checks that each placed form was stored as its plain number.
func checkStored(t *testing.T, c *client, places []numberPlace) {
	t.Helper()
	byYear := map[int]map[string]measurementJSON{}
	for _, p := range places {
		if byYear[p.year] == nil {
			byYear[p.year] = values(t, c, "LY", strconv.Itoa(p.year))
		}
		if m, ok := byYear[p.year][p.code]; !ok || m.Value != p.form.Want {
			t.Errorf("%q for %s %d stored as %+v, want %v", p.form.In, p.code, p.year, m, p.form.Want)
		}
	}
}

// TestNumberFormsEntryPage posts every accepted form through the entry
// page and finds the plain number stored; then every refused form, in
// English and Chinese, each with its reason beside its field saying what
// was understood, and nothing written.
func TestNumberFormsEntryPage(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		officer := signInPage(t, c, "officer@example.org", indicators.RoleOfficer, "LY")
		t.Run("accepted", func(t *testing.T) {
			places := placeNumberForms(t)
			forms := map[int]url.Values{}
			for _, p := range places {
				if forms[p.year] == nil {
					forms[p.year] = url.Values{"framework": {"igmc"}, "year": {strconv.Itoa(p.year)}, "action": {"draft"}}
				}
				forms[p.year].Set("v."+p.code, p.form.In)
			}
			for year, form := range forms {
				officer.post(t, fmt.Sprintf("/zones/LY/entry?framework=igmc&year=%d", year), form, true, http.StatusSeeOther)
			}
			checkStored(t, c, places)
		})
		refused := append([]numbertest.Refused(nil), numbertest.RefusedForms...)
		if len(refused) >= len(numberFields) {
			t.Fatalf("%d refused forms, %d fields to type them in", len(refused), len(numberFields))
		}
		for _, lang := range []string{"en", "zh"} {
			t.Run("refused_"+lang, func(t *testing.T) {
				form := url.Values{"framework": {"igmc"}, "year": {"2024"}, "action": {"draft"}, "csrf_token": {officer.csrf}}
				for i, r := range refused {
					form.Set("v."+numberFields[i].code, r.In)
				}
				form.Set("v.ENV-08", numbertest.PercentOnNonPercent.In) // t/person
				resp, page := exchange(t, c.srv.URL, httpCall{method: "POST", path: "/zones/LY/entry?framework=igmc&year=2024", ctype: formType,
					body: form.Encode(), cookies: []*http.Cookie{officer.session, {Name: "igmc_lang", Value: lang}}})
				if resp.StatusCode != http.StatusUnprocessableEntity {
					t.Fatalf("status %d: %.500s", resp.StatusCode, page)
				}
				for i, r := range refused {
					msg := entryError(t, page, numberFields[i].code)
					for _, seen := range r.Seen {
						if !strings.Contains(msg, seen) {
							t.Errorf("%s: %q: the reason %q does not show %q", lang, r.In, msg, seen)
						}
					}
					if hasHan := regexp.MustCompile(`\p{Han}`).MatchString(msg); hasHan != (lang == "zh") {
						t.Errorf("%s: %q: the reason %q is not in the page's language", lang, r.In, msg)
					}
				}
				unit := map[string]string{"en": "t/person", "zh": "吨/人"}[lang]
				if msg := entryError(t, page, "ENV-08"); !strings.Contains(msg, unit) || !strings.Contains(msg, "45%") {
					t.Errorf("%s: 45%% on a non-percentage indicator: %q does not name the unit %q", lang, msg, unit)
				}
				if lang == "zh" {
					if msg := entryError(t, page, "SPC-02"); msg != "“1,5”看不出是 1.5 还是 15：千位分隔符每组三位，小数点请用“.”。" {
						t.Errorf("the Chinese reason for 1,5 is %q", msg)
					}
				} else if msg := entryError(t, page, "SPC-02"); msg != "“1,5” could be 1.5 or 15: thousands separators come in groups of three digits, and the decimal mark is “.”." {
					t.Errorf("the English reason for 1,5 is %q", msg)
				}
				if n := len(values(t, c, "LY", "2024")); n != 0 {
					t.Fatalf("a refused form wrote %d values", n)
				}
			})
		}
	})
}

// entryError is the text of the error beside the field of code.
func entryError(t *testing.T, page []byte, code string) string {
	t.Helper()
	m := regexp.MustCompile(`<span class="error" id="err-` + regexp.QuoteMeta(code) + `">([^<]*)</span>`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("no error beside %s", code)
	}
	return strings.NewReplacer("&#34;", `"`, "&#39;", "'", "&amp;", "&", "&lt;", "<", "&gt;", ">").Replace(string(m[1]))
}

// numberFile is a measurements file in CSV or XLSX, every value a text
// cell.
func numberFile(t *testing.T, format string, rows [][]string) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	all := append([][]string{{"zone_code", "indicator_code", "period", "value"}}, rows...)
	if format == "csv" {
		w := csv.NewWriter(&buf)
		_ = w.WriteAll(all)
		return "text/csv", &buf
	}
	f := excelize.NewFile()
	for i, r := range all {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellStr("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &buf
}

// TestNumberFormsImport imports every accepted form through the API, as
// CSV and as XLSX text cells, and finds the plain numbers stored; a file
// of the refused forms is refused whole, each line with its code and the
// value quoted.
func TestNumberFormsImport(t *testing.T) {
	for _, format := range []string{"csv", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			each(t, func(t *testing.T, c *client) {
				t.Run("accepted", func(t *testing.T) {
					places := placeNumberForms(t)
					var rows [][]string
					for _, p := range places {
						rows = append(rows, []string{"LY", p.code, strconv.Itoa(p.year), p.form.In})
					}
					ctype, body := numberFile(t, format, rows)
					var res map[string]any
					c.send("POST", "/api/v1/measurements/import?framework=igmc&accept_warnings=true", ctype, body, 200, &res)
					if res["new"] != float64(len(places)) {
						t.Fatalf("import %v, want %d new", res, len(places))
					}
					checkStored(t, c, places)
				})
				t.Run("refused", func(t *testing.T) {
					refused := append(append([]numbertest.Refused(nil), numbertest.RefusedForms...), numbertest.PercentOnNonPercent)
					var rows [][]string
					for i, r := range refused {
						code := numberFields[i].code
						if r.Code == numbertest.PercentOnNonPercent.Code {
							code = "ENV-08"
						}
						rows = append(rows, []string{"LY", code, "2030", r.In})
					}
					ctype, body := numberFile(t, format, rows)
					var e apiError
					c.send("POST", "/api/v1/measurements/import?framework=igmc", ctype, body, 422, &e)
					got := map[int]string{}
					for _, f := range e.Error.Fields {
						got[f.Line] = f.Code
						if r := refused[f.Line-2]; f.Field != "value" || !strings.Contains(f.Message, strconv.Quote(strings.TrimSpace(r.In))) {
							t.Errorf("line %d (%q): %+v", f.Line, r.In, f)
						}
					}
					for i, r := range refused {
						if got[i+2] != r.Code {
							t.Errorf("line %d %q: code %q, want %q", i+2, r.In, got[i+2], r.Code)
						}
					}
					if n := len(values(t, c, "LY", "2030")); n != 0 {
						t.Fatalf("a refused file wrote %d values", n)
					}
				})
			})
		})
	}
}
