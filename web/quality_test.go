package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"igmc/indicators"
	"igmc/locale"
)

// qualitySamples are the matrix's samples of the data-quality routes.
func (e *matrixEnv) qualitySamples() map[string]sample {
	const flag = `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2019","note":"matrix"}`
	return map[string]sample{
		"GET /api/v1/follow-ups":              {path: "/api/v1/follow-ups?framework=igmc&status=open", ok: 200},
		"POST /api/v1/follow-ups":             {path: "/api/v1/follow-ups", body: flag, zoneLY: true, ok: 201},
		"POST /api/v1/follow-ups/:id/resolve": {zoneLY: true, ok: 200, prepare: e.openFollowUp("/api/v1/follow-ups/%d/resolve", `{"note":"matrix"}`, "")},
		"GET /api/v1/frameworks/:fw/calendar/:year": {ok: 200, prepare: func(t *testing.T, _ matrixCaller) prepared {
			if _, err := e.c.store.SetCalendar(context.Background(), indicators.Calendar{Framework: "igmc", Year: 2019, DueOn: "2020-03-31"}, indicators.System); err != nil {
				t.Fatal(err)
			}
			return prepared{path: "/api/v1/frameworks/igmc/calendar/2019"}
		}},
		"PUT /api/v1/frameworks/:fw/calendar/:year": {path: "/api/v1/frameworks/igmc/calendar/2019", body: `{"due_on":"2020-04-30"}`, ok: 200},
		"GET /api/v1/quality":                       {path: "/api/v1/quality?framework=igmc&year=2019", ok: 200, check: checkQualityZones},
		"GET /api/v1/quality.csv":                   {path: "/api/v1/quality.csv?framework=igmc&year=2019", ok: 200},
		"GET /api/v1/quality.xlsx":                  {path: "/api/v1/quality.xlsx?framework=igmc&year=2019", ok: 200},
		"GET /follow-ups":                           {path: "/follow-ups?framework=igmc", ok: 200},
		"POST /follow-ups": {path: "/follow-ups", ctype: formType, zoneLY: true, ok: 303,
			body: "framework_code=igmc&zone_code=LY&indicator_code=SPC-01&period=2019&note=matrix"},
		"POST /follow-ups/:id/resolve": {zoneLY: true, ok: 303, prepare: e.openFollowUp("/follow-ups/%d/resolve", "note=matrix&framework=igmc", formType)},
		"GET /quality":                 {path: "/quality?framework=igmc&year=2019", ok: 200},
	}
}

// openFollowUp prepares a resolve request on a fresh follow-up of LY, and
// checks after that only an accepted request resolved it.
func (e *matrixEnv) openFollowUp(path, body, ctype string) func(t *testing.T, _ matrixCaller) prepared {
	return func(t *testing.T, _ matrixCaller) prepared {
		f, err := e.c.store.CreateFollowUp(context.Background(), indicators.FollowUpInput{Framework: "igmc", Zone: "LY", Indicator: "SPC-01", Period: "2019", Note: "matrix"}, indicators.System)
		if err != nil {
			t.Fatal(err)
		}
		return prepared{path: fmt.Sprintf(path, f.ID), body: body, ctype: ctype, verify: func(t *testing.T, resp *http.Response) {
			now, err := e.c.store.FollowUp(context.Background(), f.ID, indicators.System)
			if err != nil {
				t.Fatal(err)
			}
			accepted := resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusSeeOther
			if (now.Status == indicators.FollowUpResolved) != accepted {
				t.Errorf("after status %d the follow-up is %s", resp.StatusCode, now.Status)
			}
		}}
	}
}

// checkQualityZones: the report lists LY exactly when LY is in scope.
func checkQualityZones(t *testing.T, who matrixCaller, body []byte) {
	var r indicators.QualityReport
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	ly := false
	for _, z := range r.Zones {
		ly = ly || inLY(z.Zone)
	}
	if ly != who.inZone {
		t.Errorf("%s sees LY in the quality report: %v (in zone: %v)", who.name, ly, who.inZone)
	}
}

func TestFollowUpsAPI(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		reviewer := c.as(c.userToken("reviewer@example.org", indicators.RoleReviewer, "LY"))
		officer := c.as(c.userToken("officer@example.org", indicators.RoleOfficer, "LY"))
		var f indicators.FollowUp
		reviewer.do("POST", "/api/v1/follow-ups", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2020","note":"fell from 100 to 3"}`, 201, &f)
		if f.ID == 0 || f.Status != "open" || f.OpenedBy != "reviewer@example.org" {
			t.Fatalf("flag %+v", f)
		}
		officer.do("POST", "/api/v1/follow-ups", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2020","note":"x"}`, 403, nil)
		var e apiError
		reviewer.do("POST", "/api/v1/follow-ups", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"NOPE","period":"2020","note":"x"}`, 422, &e)
		reviewer.do("POST", "/api/v1/follow-ups", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2020"}`, 422, nil)
		var l listOf[indicators.FollowUp]
		officer.do("GET", "/api/v1/follow-ups?framework=igmc&zone=LY&status=open", "", 200, &l)
		if l.Total != 1 || l.Items[0].ID != f.ID {
			t.Fatalf("the officer's list %+v", l)
		}
		officer.do("GET", "/api/v1/follow-ups?status=closed", "", 422, nil)
		officer.do("POST", "/api/v1/follow-ups/"+itoa(f.ID)+"/resolve", `{"note":"fixed"}`, 403, nil)
		reviewer.do("POST", "/api/v1/follow-ups/"+itoa(f.ID)+"/resolve", `{"note":""}`, 422, nil)
		reviewer.do("POST", "/api/v1/follow-ups/"+itoa(f.ID)+"/resolve", `{"note":"the source said 93"}`, 200, &f)
		if f.Status != "resolved" || f.Resolution != "the source said 93" {
			t.Fatalf("resolved %+v", f)
		}
		reviewer.do("POST", "/api/v1/follow-ups/"+itoa(f.ID)+"/resolve", `{"note":"again"}`, 409, nil)
		reviewer.do("POST", "/api/v1/follow-ups/x/resolve", `{"note":"again"}`, 404, nil)
		officer.do("GET", "/api/v1/follow-ups?status=open", "", 200, &l)
		if l.Total != 0 {
			t.Errorf("a resolved follow-up is still open: %+v", l)
		}
	})
}

func TestCalendarAPI(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.do("GET", "/api/v1/frameworks/igmc/calendar/2024", "", 404, nil)
		var cal indicators.Calendar
		c.do("PUT", "/api/v1/frameworks/igmc/calendar/2024", `{"due_on":"2025-03-31","close_on":"2025-06-30"}`, 200, &cal)
		if cal.DueOn != "2025-03-31" || cal.CloseOn != "2025-06-30" || cal.Year != 2024 {
			t.Fatalf("set %+v", cal)
		}
		c.do("GET", "/api/v1/frameworks/igmc/calendar/2024", "", 200, &cal)
		if cal.CloseOn != "2025-06-30" {
			t.Fatalf("read %+v", cal)
		}
		var e apiError
		c.do("PUT", "/api/v1/frameworks/igmc/calendar/2024", `{"due_on":"31.03.2025"}`, 422, &e)
		c.do("PUT", "/api/v1/frameworks/igmc/calendar/2024", `{"due_on":"2025-03-31","close_on":"2025-01-01"}`, 422, nil)
		c.do("PUT", "/api/v1/frameworks/igmc/calendar/20x4", `{"due_on":"2025-03-31"}`, 404, nil)
		c.do("PUT", "/api/v1/frameworks/nope/calendar/2024", `{"due_on":"2025-03-31"}`, 404, nil)
	})
}

// TestQualityFormatsAgree reads the report as JSON, CSV and XLSX: every
// cell and every zone's counts are the same in the three.
func TestQualityFormatsAgree(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.do("PUT", "/api/v1/frameworks/igmc/calendar/2019", `{"due_on":"2020-03-31"}`, 200, nil)
		c.send("POST", "/api/v1/measurements/import?framework=igmc", "text/csv",
			strings.NewReader("zone_code,indicator_code,period,value\nLY,SPC-01,2019,80\nLY,SPC-05,2019,20\nLY-N,SPC-01,2019,70\n"), 200, nil)
		c.do("POST", "/api/v1/follow-ups", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-03","period":"2019","note":"missing"}`, 201, nil)
		var r indicators.QualityReport
		c.do("GET", "/api/v1/quality?framework=igmc&year=2019", "", 200, &r)
		if len(r.Zones) != 2 || r.DueOn != "2020-03-31" || r.Zones[0].Counts.Value != 2 || r.Zones[0].Counts.Flagged != 1 || r.FollowUpsOpen != 1 {
			t.Fatalf("report %+v", r.Zones)
		}
		// The test clock (2026) is after the due day: the imports are late.
		if r.Zones[0].Counts.Late != 2 || r.Zones[0].OnTimeShare == nil || *r.Zones[0].OnTimeShare != 0 {
			t.Errorf("late %+v", r.Zones[0])
		}
		type cellRow = [6]string // zone, indicator, state, status, late, flagged
		var want []cellRow
		wantZones := map[string][]string{}
		for _, z := range r.Zones {
			for _, cell := range z.Cells {
				want = append(want, cellRow{z.Zone, cell.Indicator, cell.State, string(cell.Status), strconv.FormatBool(cell.Late), strconv.FormatBool(cell.Flagged)})
			}
			share := ""
			if z.OnTimeShare != nil {
				share = strconv.FormatFloat(*z.OnTimeShare, 'f', 4, 64)
			}
			wantZones[z.Zone] = []string{strconv.Itoa(z.Counts.Value), strconv.Itoa(z.Counts.Missing), strconv.Itoa(z.Counts.NotApplicable),
				strconv.Itoa(z.Counts.Late), strconv.Itoa(z.Counts.Warned), strconv.Itoa(z.Counts.Flagged), strconv.Itoa(z.FollowUpsOpen), share}
		}

		recs, err := csv.NewReader(bytes.NewReader(c.do("GET", "/api/v1/quality.csv?framework=igmc&year=2019", "", 200, nil))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range recs[0] {
			col[h] = i
		}
		var got []cellRow
		gotZones := map[string][]string{}
		for _, rec := range recs[1:] {
			if rec[col["framework"]] != "igmc" || rec[col["year"]] != "2019" {
				t.Fatalf("row without its framework and year: %v", rec)
			}
			switch rec[col["level"]] {
			case "cell":
				got = append(got, cellRow{rec[col["zone"]], rec[col["indicator"]], rec[col["state"]], rec[col["status"]], rec[col["late"]], rec[col["flagged"]]})
			case "zone":
				var z []string
				for _, k := range []string{"value_count", "missing_count", "not_applicable_count", "late_count", "warned_count", "flagged_count", "follow_ups_open", "on_time_share"} {
					z = append(z, rec[col[k]])
				}
				gotZones[rec[col["zone"]]] = z
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) || fmt.Sprint(gotZones) != fmt.Sprint(wantZones) {
			t.Errorf("the CSV differs from the JSON:\n csv %v %v\njson %v %v", got, gotZones, want, wantZones)
		}

		x, err := excelize.OpenReader(bytes.NewReader(c.do("GET", "/api/v1/quality.xlsx?framework=igmc&year=2019", "", 200, nil)))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		rows, err := x.GetRows("cells")
		if err != nil {
			t.Fatal(err)
		}
		got = got[:0]
		for _, row := range rows[1:] {
			for len(row) < 9 {
				row = append(row, "")
			}
			got = append(got, cellRow{row[2], row[3], row[4], row[5], strings.ToLower(row[6]), strings.ToLower(row[8])})
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("the workbook's cells differ from the JSON:\nxlsx %v\njson %v", got, want)
		}
		zrows, err := x.GetRows("zones")
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range zrows[1:] {
			for len(row) < 16 {
				row = append(row, "")
			}
			w := wantZones[row[2]]
			share := row[14]
			if share != "" {
				v, _ := strconv.ParseFloat(share, 64)
				share = strconv.FormatFloat(v, 'f', 4, 64)
			}
			// Columns F–K are the counts, L–M the warnings (compared by
			// TestQualityFilesAgreeWithJSON), N the follow-ups, O the share.
			if fmt.Sprint(append(row[5:11:11], row[13], share)) != fmt.Sprint(w) {
				t.Errorf("zone %s in the workbook %v, JSON %v", row[2], row[5:15], w)
			}
		}
		c.do("GET", "/api/v1/quality?framework=igmc", "", 422, nil)
		c.do("GET", "/api/v1/quality?framework=nope&year=2019", "", 404, nil)
	})
}

func TestFollowUpsPage(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		u := signInPage(t, c, "reviewer@example.org", indicators.RoleReviewer, "LY")
		_, page := u.get(t, "/follow-ups", http.StatusOK)
		if !strings.Contains(string(page), `method="post" action="/follow-ups" class="flag"`) {
			t.Fatal("the reviewer has no flag form")
		}
		form := url.Values{"framework_code": {"igmc"}, "zone_code": {"LY"}, "indicator_code": {"SPC-01"}, "period": {"2020"}, "note": {"fell from 100 to 3"}}
		u.post(t, "/follow-ups", form, false, http.StatusForbidden)
		bad := url.Values{"framework_code": {"igmc"}, "zone_code": {"LY"}, "indicator_code": {"SPC-01"}, "period": {"2020-03"}, "note": {"x"}}
		_, page = u.post(t, "/follow-ups", bad, true, http.StatusUnprocessableEntity)
		if !strings.Contains(string(page), `id="flag-period-error"`) {
			t.Errorf("the wrong period is not shown at its field:\n%.3000s", page)
		}
		resp, _ := u.post(t, "/follow-ups", form, true, http.StatusSeeOther)
		_, page = u.get(t, resp.Header.Get("Location"), http.StatusOK)
		var l listOf[indicators.FollowUp]
		c.do("GET", "/api/v1/follow-ups?status=open", "", 200, &l)
		if l.Total != 1 || !strings.Contains(string(page), `data-follow-up="`+itoa(l.Items[0].ID)+`" data-status="open"`) {
			t.Fatalf("the flag is not listed: %+v", l)
		}
		id := itoa(l.Items[0].ID)
		_, page = u.post(t, "/follow-ups/"+id+"/resolve", url.Values{"note": {""}, "framework": {"igmc"}}, true, http.StatusUnprocessableEntity)
		if !strings.Contains(string(page), `id="resolve-`+id+`-error"`) {
			t.Errorf("the empty note is not shown at its field")
		}
		u.post(t, "/follow-ups/"+id+"/resolve", url.Values{"note": {"checked: 93"}, "framework": {"igmc"}}, true, http.StatusSeeOther)
		_, page = u.get(t, "/follow-ups?status=resolved", http.StatusOK)
		if !strings.Contains(string(page), `data-status="resolved"`) || !strings.Contains(string(page), "checked: 93") {
			t.Errorf("the resolved flag is not listed")
		}
		// An officer sees the list without the forms.
		o := signInPage(t, c, "officer@example.org", indicators.RoleOfficer, "LY")
		_, page = o.get(t, "/follow-ups?status=all", http.StatusOK)
		if strings.Contains(string(page), `method="post" action="/follow-ups" class="flag"`) || !strings.Contains(string(page), `data-follow-up="`+id+`"`) {
			t.Errorf("the officer's page: forms shown or the flag missing")
		}
	})
}

// TestQualityPagesAt390 opens the follow-up and quality pages in a phone's
// width in both languages: nothing scrolls the page sideways (wide tables
// scroll inside their .table-wrap).
func TestQualityPagesAt390(t *testing.T) {
	srv, store := browserServer(t)
	ctx := context.Background()
	year := 0
	if _, last, ok, err := store.YearRange(ctx, "igmc"); err != nil || !ok {
		t.Fatal("no demo year", err)
	} else {
		year = last
	}
	if _, err := store.CreateFollowUp(ctx, indicators.FollowUpInput{Framework: "igmc", Zone: "LY", Indicator: "SPC-01", Period: strconv.Itoa(year),
		Note: "a long note about a value that fell a long way in one year and needs a look at its source document"}, indicators.System); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, srv.URL)
	b.run(chromedp.EmulateViewport(390, 844))
	b.signIn("reviewer@example.org")
	for _, lang := range locale.Languages {
		if lang != "en" {
			b.run(chromedp.Click(chromedp.CSS(`button[name="lang"][value="`+lang+`"]`)), chromedp.WaitVisible(chromedp.CSS(`html[lang^="`+lang+`"] form.signout`)))
		}
		for _, path := range []string{"/follow-ups?status=all", "/quality?year=" + strconv.Itoa(year)} {
			b.open(path)
			width := get(b, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
			if width > 390 {
				t.Errorf("%s (%s): the page is %d px wide at 390 px", path, lang, width)
			}
			b.screenshot(strings.Trim(strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(path), "-") + "-" + lang)
		}
	}
}
