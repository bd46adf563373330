package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

type planJSON struct {
	Version        int  `json:"version"`
	LatestVersion  int  `json:"latest_version"`
	AdoptedVersion *int `json:"adopted_version"`
	Entries        []struct {
		IndicatorCode string  `json:"indicator_code"`
		Kind          string  `json:"kind"`
		Year          int     `json:"year"`
		Value         float64 `json:"value"`
	} `json:"entries"`
	AdoptedBy string `json:"adopted_by"`
}

type planImportJSON struct {
	Rows      int            `json:"rows"`
	Versions  map[string]int `json:"versions"`
	Unchanged int            `json:"unchanged"`
	DryRun    bool           `json:"dry_run"`
}

func planCSV(zone string, target float64) string {
	return fmt.Sprintf("zone_code,indicator_code,kind,year,value\n%[1]s,ECO-01,baseline,2015,5\n%[1]s,ECO-01,milestone,2018,6\n%[1]s,ECO-01,target,2020,%[2]v\n", zone, target)
}

// planSamples: every write gets its own fresh plan version or mark, made
// by the administrator, so that each caller's answer depends on its
// rights alone.
func (e *matrixEnv) planSamples() map[string]sample {
	target := 10.0
	newVersion := func(t *testing.T) int {
		target++
		var res planImportJSON
		e.admin(t).send("POST", "/api/v1/plans/import?framework=igmc", "text/csv", strings.NewReader(planCSV("LY", target)), 200, &res)
		return res.Versions["LY"]
	}
	mark := func(t *testing.T) {
		e.admin(t).do("POST", "/api/v1/zones/LY/applicability", `{"indicator_code":"SPC-07","reason":"no cycle lanes in the zone"}`, 201, nil)
	}
	return map[string]sample{
		"POST /api/v1/plans/import": {path: "/api/v1/plans/import?framework=igmc", zoneLY: true, ok: 200, ctype: "text/csv", body: planCSV("LY", 10)},
		"GET /api/v1/zones/:zone/plan": {zoneLY: true, ok: 200, prepare: func(t *testing.T, _ matrixCaller) prepared {
			newVersion(t)
			return prepared{path: "/api/v1/zones/LY/plan?status=any"}
		}},
		"POST /api/v1/zones/:zone/plan/adopt": {zoneLY: true, ok: 200, prepare: func(t *testing.T, _ matrixCaller) prepared {
			return prepared{path: "/api/v1/zones/LY/plan/adopt", body: fmt.Sprintf(`{"framework":"igmc","version":%d,"comment":"agreed"}`, newVersion(t))}
		}},
		"GET /api/v1/zones/:zone/applicability": {path: "/api/v1/zones/LY/applicability", zoneLY: true, ok: 200},
		"POST /api/v1/zones/:zone/applicability": {path: "/api/v1/zones/LY/applicability", zoneLY: true, ok: 201,
			body: `{"indicator_code":"SPC-08","reason":"no public transport operator"}`},
		"POST /api/v1/zones/:zone/applicability/:indicator/approve": {zoneLY: true, ok: 200, prepare: func(t *testing.T, _ matrixCaller) prepared {
			mark(t)
			return prepared{path: "/api/v1/zones/LY/applicability/SPC-07/approve", body: `{}`}
		}},
		"POST /api/v1/zones/:zone/applicability/:indicator/reject": {zoneLY: true, ok: 200, prepare: func(t *testing.T, _ matrixCaller) prepared {
			mark(t)
			return prepared{path: "/api/v1/zones/LY/applicability/SPC-07/reject", body: `{"comment":"the zone has lanes"}`}
		}},
		"GET /zones/:zone/plan": {path: "/zones/LY/plan?framework=igmc", zoneLY: true, ok: 200},
		"POST /zones/:zone/plan": {zoneLY: true, ok: http.StatusSeeOther, prepare: func(t *testing.T, _ matrixCaller) prepared {
			target++
			return prepared{path: "/zones/LY/plan", ctype: formType, body: url.Values{"framework": {"igmc"}, "plan": {planCSV("LY", target)}}.Encode()}
		}},
		"POST /zones/:zone/plan/adopt": {zoneLY: true, ok: http.StatusSeeOther, prepare: func(t *testing.T, _ matrixCaller) prepared {
			return prepared{path: "/zones/LY/plan/adopt", ctype: formType, body: fmt.Sprintf("framework=igmc&version=%d&comment=agreed", newVersion(t))}
		}},
		"POST /zones/:zone/applicability": {path: "/zones/LY/applicability", zoneLY: true, ok: http.StatusSeeOther, ctype: formType,
			body: "framework=igmc&indicator_code=SPC-08&reason=none"},
		"POST /zones/:zone/applicability/review": {zoneLY: true, ok: http.StatusSeeOther, prepare: func(t *testing.T, _ matrixCaller) prepared {
			mark(t)
			return prepared{path: "/zones/LY/applicability/review", ctype: formType, body: "framework=igmc&indicator_code=SPC-07&action=approve"}
		}},
	}
}

// TestPlanAPI: a bad plan file is refused whole with every bad row named,
// a dry run writes nothing, only a reviewer of the zone adopts, and the
// adoption is covered by the audit check.
func TestPlanAPI(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.do("POST", "/api/v1/zones", `{"code":"OTHER","name_en":"Other"}`, 201, nil)
		officer := c.as(c.userToken("officer@ly", "officer", "LY"))
		reviewer := c.as(c.userToken("reviewer@ly", "reviewer", "LY"))
		otherReviewer := c.as(c.userToken("reviewer@other", "reviewer", "OTHER"))
		imp := func(cl *client, q, body string, want int, out any) []byte {
			return cl.send("POST", "/api/v1/plans/import?framework=igmc"+q, "text/csv", strings.NewReader(body), want, out)
		}
		t.Run("bad_file_refused_whole", func(t *testing.T) {
			var e apiError
			imp(officer, "", "zone_code,indicator_code,kind,year,value\nLY,ECO-01,baseline,2017,x\nLY,ECO-01,target,2015,1\nLY,NOPE,baseline,2017,1\n", 422, &e)
			lines := map[int]string{}
			for _, f := range e.Error.Fields {
				lines[f.Line] = f.Code
			}
			if lines[2] != "not_a_number" || lines[4] != "unknown_indicator" || len(lines) != 2 {
				t.Fatalf("%+v", e.Error.Fields)
			}
			c.do("GET", "/api/v1/zones/LY/plan?status=any", "", 404, nil)
		})
		t.Run("dry_run_writes_nothing", func(t *testing.T) {
			var res planImportJSON
			imp(officer, "&dry_run=true", planCSV("LY", 10), 200, &res)
			if !res.DryRun || res.Versions["LY"] != 1 {
				t.Fatalf("%+v", res)
			}
			c.do("GET", "/api/v1/zones/LY/plan?status=any", "", 404, nil)
		})
		imp(officer, "", planCSV("LY", 10), 200, nil)
		var p planJSON
		c.do("GET", "/api/v1/zones/LY/plan?status=any", "", 200, &p)
		if p.Version != 1 || len(p.Entries) != 3 || p.AdoptedVersion != nil {
			t.Fatalf("%+v", p)
		}
		c.do("GET", "/api/v1/zones/LY/plan", "", 404, nil)
		adopt := `{"framework":"igmc","version":1,"comment":"agreed by the committee"}`
		officer.do("POST", "/api/v1/zones/LY/plan/adopt", adopt, 403, nil)
		otherReviewer.do("POST", "/api/v1/zones/LY/plan/adopt", adopt, 403, nil)
		reviewer.do("POST", "/api/v1/zones/LY/plan/adopt", `{"version":7,"comment":"x"}`, 404, nil)
		reviewer.do("POST", "/api/v1/zones/LY/plan/adopt", `{"version":1}`, 422, nil)
		reviewer.do("POST", "/api/v1/zones/LY/plan/adopt", adopt, 200, &p)
		if p.AdoptedBy != "reviewer@ly" || p.AdoptedVersion == nil || *p.AdoptedVersion != 1 {
			t.Fatalf("%+v", p)
		}
		var rep struct {
			OK     bool `json:"ok"`
			Plans  int  `json:"plans_checked"`
			Events int  `json:"events"`
		}
		c.do("GET", "/api/v1/audit/verify", "", 200, &rep)
		if !rep.OK || rep.Plans != 1 {
			t.Fatalf("%+v", rep)
		}
		var evs struct {
			Items []struct{ Action, Actor, Entity string } `json:"items"`
		}
		c.do("GET", "/api/v1/audit/events?limit=1000", "", 200, &evs)
		last := evs.Items[len(evs.Items)-1]
		if last.Entity != "plan" || last.Action != "adopt" || last.Actor != "reviewer@ly" {
			t.Fatalf("last event %+v", last)
		}
	})
}

// TestPlanStatusesFollowTheZonesPlan: two zones with different plans for
// one indicator and the same value get the plan statuses of their own
// plans, and the scorecard says so in plan_source. It needs the scoring
// of zone plans (scoring.Options.Plans) to pass.
func TestPlanStatusesFollowTheZonesPlan(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.do("POST", "/api/v1/zones", `{"code":"OTHER","name_en":"Other","type":"park"}`, 201, nil)
		plan := planCSV("LY", 20) + strings.TrimPrefix(planCSV("OTHER", 8), "zone_code,indicator_code,kind,year,value\n")
		c.send("POST", "/api/v1/plans/import?framework=igmc", "text/csv", strings.NewReader(plan), 200, nil)
		for _, z := range []string{"LY", "OTHER"} {
			c.do("POST", "/api/v1/zones/"+z+"/plan/adopt", `{"version":1,"comment":"ok"}`, 200, nil)
			c.send("POST", "/api/v1/measurements/import?framework=igmc&accept_warnings=true", "text/csv",
				strings.NewReader("zone_code,indicator_code,period,value\n"+z+",ECO-01,2015,5\n"+z+",ECO-01,2019,9\n"), 200, nil)
		}
		c.do("POST", "/api/v1/measurements/approve", approveAllBody(t, c), 200, nil)
		status := map[string]string{}
		seen := 0
		for _, z := range []string{"LY", "OTHER"} {
			var card struct {
				Indicators []struct {
					Code       string  `json:"indicator_code"`
					PlanStatus *string `json:"plan_status"`
					PlanSource *string `json:"plan_source"`
				} `json:"indicators"`
			}
			c.do("GET", "/api/v1/zones/"+z+"/scorecard?year=2019", "", 200, &card)
			for _, ind := range card.Indicators {
				if ind.Code != "ECO-01" {
					continue
				}
				if ind.PlanSource == nil || *ind.PlanSource != "zone" || ind.PlanStatus == nil {
					t.Fatalf("%s ECO-01: plan_source %v, plan_status %v", z, ind.PlanSource, ind.PlanStatus)
				}
				status[z] = *ind.PlanStatus
				seen++
			}
		}
		if seen != 2 {
			t.Fatalf("ECO-01 is on %d of the 2 scorecards", seen)
		}
		if status["LY"] == status["OTHER"] {
			t.Fatalf("the same value against different plans got the same status %v", status)
		}
	})
}

// approveAllBody lists every submitted value for approval.
func approveAllBody(t *testing.T, c *client) string {
	var l listOf[measurementJSON]
	c.do("GET", "/api/v1/measurements?status=submitted&limit=1000", "", 200, &l)
	ids := make([]int64, 0, len(l.Items))
	for _, m := range l.Items {
		ids = append(ids, m.ID)
	}
	b, _ := json.Marshal(map[string]any{"ids": ids})
	return string(b)
}

// TestNotApplicableOnTheEntryForm: an indicator whose applies_to leaves
// out the zone's type, and one the zone marked not applicable once a
// reviewer approves the mark, are shown as not applicable with the reason
// and offer no field; a pending mark still offers it.
func TestNotApplicableOnTheEntryForm(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.send("POST", "/api/v1/zones/import", "text/csv", strings.NewReader("code,name_en,type\nLY,Liuyang ETDZ,park\n"), 200, nil)
		var z struct{ Type string }
		c.do("GET", "/api/v1/zones/LY", "", 200, &z)
		if z.Type != "park" {
			t.Fatalf("zone type %q", z.Type)
		}
		officer := c.as(c.userToken("officer@ly", "officer", "LY"))
		reviewer := c.as(c.userToken("reviewer@ly", "reviewer", "LY"))
		officer.do("POST", "/api/v1/zones/LY/applicability", `{"indicator_code":"SPC-08","reason":"no public transport operator"}`, 201, nil)
		form := func() string { return string(c.do("GET", "/zones/LY/entry?year=2019", "", 200, nil)) }
		page := form()
		if !strings.Contains(page, `data-not-applicable="SOC-05"`) || strings.Contains(page, `name="v.SOC-05"`) || !strings.Contains(page, "zones of type park") {
			t.Fatal("SOC-05 (city and district only) is offered to a park")
		}
		if strings.Contains(page, `data-not-applicable="SPC-08"`) || !strings.Contains(page, `name="v.SPC-08__2019-Q1"`) {
			t.Fatal("a pending mark took the field away")
		}
		officer.do("POST", "/api/v1/zones/LY/applicability/SPC-08/approve", `{}`, 403, nil)
		reviewer.do("POST", "/api/v1/zones/LY/applicability/SPC-08/approve", `{"comment":"agreed"}`, 200, nil)
		page = form()
		if !strings.Contains(page, `data-not-applicable="SPC-08"`) || strings.Contains(page, `name="v.SPC-08__2019-Q1"`) || !strings.Contains(page, "no public transport operator") {
			t.Fatal("an approved mark still offers the field")
		}
		var l listOf[struct {
			Indicator string `json:"indicator_code"`
			Source    string `json:"source"`
			Status    string `json:"status"`
		}]
		c.do("GET", "/api/v1/zones/LY/applicability", "", 200, &l)
		sources := map[string]string{}
		for _, a := range l.Items {
			sources[a.Indicator] = a.Source + "/" + a.Status
		}
		if sources["SOC-05"] != "zone_type/" || sources["SPC-08"] != "mark/approved" {
			t.Fatalf("%v", sources)
		}
		if cat := string(c.do("GET", "/catalogue?framework=igmc", "", 200, nil)); !strings.Contains(cat, `data-applies-to="city;district"`) {
			t.Fatal("the catalogue page does not say what SOC-05 applies to")
		}
	})
}
