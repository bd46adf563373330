package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"igmc/indicators"
)

// steadyLY gives LY's SPC-01 (0–100) the approved value 100 from 2015 to
// 2019, so that 3 for 2020 is the fall from 100 to 3.
func steadyLY(t *testing.T, c *client) {
	t.Helper()
	file := "zone_code,indicator_code,period,value\nLY,SPC-01,2015,100\nLY,SPC-01,2016,100\nLY,SPC-01,2017,100\nLY,SPC-01,2018,100\nLY,SPC-01,2019,100\n"
	if _, err := c.store.ImportMeasurements(context.Background(), indicators.NewCSVRows(strings.NewReader(file)),
		indicators.ImportOptions{Framework: "igmc", Status: indicators.Approved, AcceptWarnings: true}); err != nil {
		t.Fatal(err)
	}
}

// xlsxOf is a workbook of rows.
func xlsxOf(t *testing.T, rows [][]any) *bytes.Buffer {
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
	return &buf
}

type importAnswer struct {
	New, Changed, Warned, Unexplained int
	Warnings                          []struct {
		Line          int
		ZoneCode      string `json:"zone_code"`
		IndicatorCode string `json:"indicator_code"`
		Period        string
		Explain       string
		Warnings      []indicators.Warning
	}
}

func TestImportChecksAPI(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		steadyLY(t, c)
		const path = "/api/v1/measurements/import?framework=igmc"
		jump := "zone_code,indicator_code,period,value\nLY,SPC-01,2020,3\n"

		t.Run("dry_run_lists_the_jump", func(t *testing.T) {
			var res importAnswer
			c.send("POST", path+"&dry_run=true", "text/csv", strings.NewReader(jump), 200, &res)
			if res.Warned != 1 || res.Unexplained != 1 || len(res.Warnings) != 1 || res.Warnings[0].Line != 2 || res.Warnings[0].IndicatorCode != "SPC-01" ||
				len(res.Warnings[0].Warnings) != 1 || res.Warnings[0].Warnings[0].Check != "jump" || res.Warnings[0].Warnings[0].Figures["previous"] != 100 {
				t.Fatalf("dry run %+v", res)
			}
		})
		t.Run("commit_without_explain_is_422", func(t *testing.T) {
			var e apiError
			c.send("POST", path, "text/csv", strings.NewReader(jump), 422, &e)
			if e.Error.Code != "invalid" || len(e.Error.Fields) != 1 || e.Error.Fields[0].Line != 2 || e.Error.Fields[0].Field != "explanation" ||
				e.Error.Fields[0].Code != "explanation_required" {
				t.Fatalf("error %+v", e)
			}
			c.send("POST", path, xlsxType, xlsxOf(t, [][]any{{"zone_code", "indicator_code", "period", "value"}, {"LY", "SPC-01", "2020", 3}}), 422, &e)
			if len(e.Error.Fields) != 1 || e.Error.Fields[0].Code != "explanation_required" {
				t.Fatalf("xlsx error %+v", e)
			}
			var l listOf[measurementJSON]
			c.do("GET", "/api/v1/measurements?zone=LY&period=2020", "", 200, &l)
			if l.Total != 0 {
				t.Fatalf("a refused file wrote %d values", l.Total)
			}
		})
		t.Run("xlsx_with_explain_goes_in", func(t *testing.T) {
			var res importAnswer
			c.send("POST", path, xlsxType, xlsxOf(t, [][]any{{"zone_code", "indicator_code", "period", "value", "quality", "explain"},
				{"LY", "SPC-01", "2020", 3, "estimate", "most of the land went to the new district"}}), 200, &res)
			if res.New != 1 || res.Warned != 1 || res.Unexplained != 0 || res.Warnings[0].Explain != "most of the land went to the new district" {
				t.Fatalf("explained import %+v", res)
			}
		})
		t.Run("csv_accepted_goes_in", func(t *testing.T) {
			var res importAnswer
			c.send("POST", path+"&accept_warnings=true", "text/csv", strings.NewReader("zone_code,indicator_code,period,value\nLY,SPC-01,2020,2\n"), 200, &res)
			if res.Changed != 1 || res.Unexplained != 1 {
				t.Fatalf("accepted import %+v", res)
			}
			var e apiError
			c.send("POST", path+"&accept_warnings=perhaps", "text/csv", strings.NewReader(jump), 400, &e)
		})
		t.Run("error_rule_refuses_naming_the_line", func(t *testing.T) {
			// pm25-within-pm10: PM2.5 (ENV-01) 50 in January above PM10
			// (ENV-02) 35 of the year; line 3 is refused, even confirmed.
			csv := "zone_code,indicator_code,period,value\nLY,ENV-02,2020,35\nLY,ENV-01,2020-01,50\nLY-N,ENV-01,2020-01,20\n"
			book := xlsxOf(t, [][]any{{"zone_code", "indicator_code", "period", "value"}, {"LY", "ENV-02", "2020", 35}, {"LY", "ENV-01", "2020-01", 50}, {"LY-N", "ENV-01", "2020-01", 20}})
			for _, body := range []struct {
				ctype string
				r     interface{ Read([]byte) (int, error) }
			}{{"text/csv", strings.NewReader(csv)}, {xlsxType, book}} {
				var e apiError
				c.send("POST", path+"&accept_warnings=true", body.ctype, body.r, 422, &e)
				if len(e.Error.Fields) != 2 || e.Error.Fields[0].Line != 2 || e.Error.Fields[1].Line != 3 || e.Error.Fields[1].Code != "rule_error" ||
					e.Error.Fields[1].Field != "value" || !strings.Contains(e.Error.Fields[1].Message, "pm25-within-pm10") {
					t.Fatalf("%s: error %+v", body.ctype, e)
				}
			}
		})
	})
}

func TestImportChecksPage(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		steadyLY(t, c)
		file := []byte("zone_code,indicator_code,period,value\nLY,SPC-01,2020,3\n")
		// Chinese first: the English pass then confirms the file.
		for _, lang := range []struct{ code, sentence, refusal string }{
			{"zh", "稳定趋势出现中断", "检查对该数值提出了警告"},
			{"en", "Break in a steady trend", "The checks warn of this value"},
		} {
			t.Run(lang.code, func(t *testing.T) {
				u := signInPage(t, c, lang.code+"-officer@example.org", indicators.RoleOfficer, "LY")
				u.post(t, "/language", url.Values{"lang": {lang.code}, "next": {"/import"}}, true, http.StatusSeeOther)
				page := u.upload(t, "values.csv", file, true, http.StatusOK)
				if !bytes.Contains(page, []byte(`id="import-warnings"`)) || !bytes.Contains(page, []byte(`<tr data-line="2">`)) || !bytes.Contains(page, []byte(lang.sentence)) {
					t.Fatalf("the preview does not show the warning:\n%.4000s", page)
				}
				if !bytes.Contains(page, []byte(`name="accept_warnings" value="true"`)) {
					t.Fatalf("the preview has no confirmation box:\n%.4000s", page)
				}
				// Without the box ticked: refused, naming line 2.
				_, refused := u.post(t, "/import/confirm", hiddenFields(t, page), false, http.StatusUnprocessableEntity)
				if !bytes.Contains(refused, []byte(lang.refusal)) || !bytes.Contains(refused, []byte(`data-error-code="invalid"`)) {
					t.Fatalf("refusal page:\n%.4000s", refused)
				}
				if lang.code == "en" {
					u.post(t, "/import/confirm", confirmedFields(t, page), false, http.StatusSeeOther)
					var l listOf[measurementJSON]
					c.do("GET", "/api/v1/measurements?zone=LY&period=2020", "", 200, &l)
					if l.Total != 1 || l.Items[0].Value != 3 {
						t.Fatalf("after confirmation: %+v", l)
					}
				}
			})
		}
	})
}
