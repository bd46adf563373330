package web_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"igmc/indicators"
)

// qualityFigures are a data-quality report's figures by where they are:
// "cell LY SPC-05 warnings_open", "zone LY late_count", "total
// follow_ups_open"; booleans as true/false, shares with four decimals.
type qualityFigures map[string]string

func share4(s string) string {
	if s == "" {
		return ""
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return "not a number: " + s
	}
	return strconv.FormatFloat(v, 'f', 4, 64)
}

// countNames are the JSON's counts under their file column names.
func countFigures(out qualityFigures, at string, c indicators.QualityCounts, followUps int) {
	for k, v := range map[string]int{"value_count": c.Value, "missing_count": c.Missing, "not_applicable_count": c.NotApplicable,
		"late_count": c.Late, "warned_count": c.Warned, "flagged_count": c.Flagged, "warnings_open_count": c.WarningsOpen,
		"warnings_explained_count": c.WarningsExplained, "follow_ups_open": followUps} {
		out[at+" "+k] = strconv.Itoa(v)
	}
}

var (
	qualityCellFigures  = []string{"state", "status", "late", "warned", "flagged", "warnings_open", "warnings_explained"}
	qualityCountColumns = []string{"value_count", "missing_count", "not_applicable_count", "late_count", "warned_count", "flagged_count",
		"warnings_open_count", "warnings_explained_count", "follow_ups_open"}
)

func jsonQualityFigures(r *indicators.QualityReport) qualityFigures {
	out := qualityFigures{"total due_on": r.DueOn}
	for _, z := range r.Zones {
		for _, c := range z.Cells {
			at := "cell " + z.Zone + " " + c.Indicator + " "
			out[at+"state"], out[at+"status"] = c.State, string(c.Status)
			out[at+"late"], out[at+"warned"], out[at+"flagged"] = strconv.FormatBool(c.Late), strconv.FormatBool(c.Warned), strconv.FormatBool(c.Flagged)
			out[at+"warnings_open"], out[at+"warnings_explained"] = strconv.Itoa(c.WarningsOpen), strconv.Itoa(c.WarningsExplained)
		}
		countFigures(out, "zone "+z.Zone, z.Counts, z.FollowUpsOpen)
		out["zone "+z.Zone+" on_time_share"] = ""
		if z.OnTimeShare != nil {
			out["zone "+z.Zone+" on_time_share"] = strconv.FormatFloat(*z.OnTimeShare, 'f', 4, 64)
		}
		out["zone "+z.Zone+" name_en"], out["zone "+z.Zone+" name_zh"] = z.NameEn, z.NameZh
	}
	countFigures(out, "total", r.Totals, r.FollowUpsOpen)
	return out
}

// csvQualityFigures reads the CSV's figures by its header's names.
func csvQualityFigures(t *testing.T, body []byte, framework string, year int) qualityFigures {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	out := qualityFigures{}
	for _, rec := range recs[1:] {
		if rec[col["framework"]] != framework || rec[col["year"]] != strconv.Itoa(year) {
			t.Fatalf("a CSV row without its framework and year: %v", rec)
		}
		get := func(k string) string {
			i, ok := col[k]
			if !ok {
				t.Fatalf("the CSV has no column %s: %v", k, recs[0])
			}
			return rec[i]
		}
		switch get("level") {
		case "cell":
			for _, k := range qualityCellFigures {
				out["cell "+get("zone")+" "+get("indicator")+" "+k] = get(k)
			}
		case "zone":
			at := "zone " + get("zone") + " "
			for _, k := range qualityCountColumns {
				out[at+k] = get(k)
			}
			out[at+"on_time_share"], out[at+"name_en"], out[at+"name_zh"] = share4(get("on_time_share")), get("name_en"), get("name_zh")
		case "total":
			for _, k := range qualityCountColumns {
				out["total "+k] = get(k)
			}
			out["total due_on"] = get("due_on")
		default:
			t.Fatalf("a CSV row of level %q", get("level"))
		}
	}
	return out
}

// xlsxQualityFigures reads the workbook's three sheets by their headers.
func xlsxQualityFigures(t *testing.T, body []byte) qualityFigures {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheet := func(name string, fn func(get func(string) string)) {
		rows, err := x.GetRows(name)
		if err != nil || len(rows) == 0 {
			t.Fatalf("sheet %s: %v", name, err)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		for _, row := range rows[1:] {
			fn(func(k string) string {
				i, ok := col[k]
				if !ok {
					t.Fatalf("sheet %s has no column %s: %v", name, k, rows[0])
				}
				if i >= len(row) {
					return ""
				}
				return row[i]
			})
		}
	}
	out := qualityFigures{}
	sheet("cells", func(get func(string) string) {
		for _, k := range qualityCellFigures {
			out["cell "+get("zone")+" "+get("indicator")+" "+k] = strings.ToLower(get(k))
		}
	})
	sheet("zones", func(get func(string) string) {
		at := "zone " + get("zone") + " "
		for _, k := range qualityCountColumns {
			out[at+k] = get(k)
		}
		out[at+"on_time_share"], out[at+"name_en"], out[at+"name_zh"] = share4(get("on_time_share")), get("name_en"), get("name_zh")
	})
	sheet("totals", func(get func(string) string) {
		for _, k := range qualityCountColumns {
			out["total "+k] = get(k)
		}
		out["total due_on"] = get("due_on")
	})
	return out
}

// diffFigures lists where two sets of figures differ.
func diffFigures(got, want qualityFigures) string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[k]; !ok || g != want[k] {
			out = append(out, fmt.Sprintf("%s: %q, JSON %q", k, g, want[k]))
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			out = append(out, k+": not in the JSON")
		}
	}
	return strings.Join(out, "\n")
}

// TestQualityFilesAgreeWithJSON: a report with an open and an explained
// warning, a follow-up, a due day and late values gives, in its CSV and in
// its workbook, every figure of its JSON: each cell's marks and warning
// counts, each zone's counts, follow-ups and on-time share, and the totals
// with the year's follow-ups.
func TestQualityFilesAgreeWithJSON(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		steady := map[int]float64{2015: 100, 2016: 100, 2017: 100, 2018: 100, 2019: 100}
		approveSeries(t, c, "LY", "SPC-05", steady)
		approveSeries(t, c, "LY-N", "SPC-05", steady)
		c.do("PUT", "/api/v1/frameworks/igmc/calendar/2020", `{"due_on":"2021-03-31"}`, 200, nil)
		// 100 → 3 is a jump: LY's draft leaves it open, LY-N's explains it.
		c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-05","period":"2020","value":3}`, 201, nil)
		c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY-N","indicator_code":"SPC-05","period":"2020","value":3,"explanation":"the plant closed"}`, 201, nil)
		c.send("POST", "/api/v1/measurements/import?framework=igmc", "text/csv",
			strings.NewReader("zone_code,indicator_code,period,value\nLY,SPC-01,2020,80\nLY-N,SPC-01,2020,70\n"), 200, nil)
		c.do("POST", "/api/v1/follow-ups", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-03","period":"2020","note":"missing"}`, 201, nil)

		var r indicators.QualityReport
		c.do("GET", "/api/v1/quality?framework=igmc&year=2020", "", 200, &r)
		// The hand count: one open and one explained warning, both on
		// SPC-05; two late imports (the test clock is in 2026); one
		// follow-up, on LY.
		if r.Totals.WarningsOpen != 1 || r.Totals.WarningsExplained != 1 || r.Totals.Warned != 2 || r.FollowUpsOpen != 1 ||
			r.Totals.Late != 2 || r.Zones[0].Zone != "LY" || r.Zones[0].Counts.WarningsOpen != 1 || r.Zones[1].Counts.WarningsExplained != 1 {
			t.Fatalf("report totals %+v, follow-ups %d, zones %+v", r.Totals, r.FollowUpsOpen, r.Zones)
		}
		want := jsonQualityFigures(&r)
		if d := diffFigures(csvQualityFigures(t, c.do("GET", "/api/v1/quality.csv?framework=igmc&year=2020", "", 200, nil), "igmc", 2020), want); d != "" {
			t.Errorf("the CSV differs from the JSON:\n%s", d)
		}
		if d := diffFigures(xlsxQualityFigures(t, c.do("GET", "/api/v1/quality.xlsx?framework=igmc&year=2020", "", 200, nil)), want); d != "" {
			t.Errorf("the workbook differs from the JSON:\n%s", d)
		}
	})
}
