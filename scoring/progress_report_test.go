package scoring_test

import (
	"slices"
	"testing"

	"igmc/indicators"
	"igmc/scoring"
)

func ip(v int) *int                               { return &v }
func rp(r scoring.Rating) *scoring.Rating         { return &r }
func tp(t scoring.Trend) *scoring.Trend           { return &t }
func pp(p scoring.PlanStatus) *scoring.PlanStatus { return &p }
func sp(s string) *string                         { return &s }
func mv(code, period string, status indicators.Status) indicators.Measurement {
	return indicators.Measurement{ZoneCode: "z1", IndicatorCode: code, Period: period, Status: status, Value: 1}
}

// progressCards are two hand-made scorecards of zone z1: "up" (higher is
// better) rose from 50 to 60, "down" (lower is better) rose from 40 to 50,
// "flat" kept its 2019 value, "gone" has no value in 2020.
func progressCards() (scoring.Card, scoring.Card, *indicators.Catalogue) {
	cat := &indicators.Catalogue{Indicators: []indicators.Indicator{
		{Code: "up", NameEn: "Up", NameZh: "升", Best: ptr(100), Worst: ptr(0)},
		{Code: "down", NameEn: "Down", NameZh: "降", Best: ptr(0), Worst: ptr(100)},
		{Code: "flat", NameEn: "Flat", Best: ptr(10), Worst: ptr(0)},
		{Code: "gone", NameEn: "Gone", Best: ptr(10), Worst: ptr(0)},
	}}
	prev := scoring.Card{Framework: "f", Zone: "z1", Year: 2019, Basis: scoring.BasisWorking, Coverage: 1,
		Index: scoring.Index{Score: ptr(55)}, Points: scoring.Points{Earned: 10, Max: 20, Grade: sp("B")},
		Perspectives: []scoring.PerspectiveCard{
			{Code: "p", NameEn: "P", Score: ptr(50), Rating: scoring.RatingYellow},
			{Code: "q", NameEn: "Q", Score: ptr(70), Rating: scoring.RatingGreen},
		},
		Indicators: []scoring.IndicatorCard{
			{IndicatorCode: "up", PerspectiveCode: "p", Value: ptr(50), Year: ip(2019), Score: ptr(50), Rating: rp(scoring.RatingYellow)},
			{IndicatorCode: "down", PerspectiveCode: "p", Value: ptr(40), Year: ip(2019), Score: ptr(60), Rating: rp(scoring.RatingYellow)},
			{IndicatorCode: "flat", PerspectiveCode: "q", Value: ptr(7), Year: ip(2019), Score: ptr(70), Rating: rp(scoring.RatingGreen)},
			{IndicatorCode: "gone", PerspectiveCode: "q", Value: ptr(0), Year: ip(2019), Score: ptr(0), Rating: rp(scoring.RatingRed)},
		}}
	cur := scoring.Card{Framework: "f", Zone: "z1", Year: 2020, Basis: scoring.BasisWorking, MethodVersion: "m", Coverage: 0.75,
		Index: scoring.Index{Reason: scoring.ReasonCoverageBelow80}, Points: scoring.Points{Earned: 12.5, Max: 20},
		Perspectives: []scoring.PerspectiveCard{
			{Code: "p", NameEn: "P", Score: ptr(55), Rating: scoring.RatingGreen, Trend: tp(scoring.TrendOnTrack)},
			{Code: "q", NameEn: "Q", Rating: scoring.RatingGray},
		},
		Indicators: []scoring.IndicatorCard{
			{IndicatorCode: "up", PerspectiveCode: "p", Value: ptr(60), Year: ip(2020), Score: ptr(60), Rating: rp(scoring.RatingYellow),
				Trend: tp(scoring.TrendOnTrack), PlanStatus: pp(scoring.PlanBehind)},
			{IndicatorCode: "down", PerspectiveCode: "p", Value: ptr(50), Year: ip(2020), Score: ptr(50), Rating: rp(scoring.RatingOrange),
				Trend: tp(scoring.TrendModeratelyImproving), PlanStatus: pp(scoring.PlanAhead)},
			{IndicatorCode: "flat", PerspectiveCode: "q", Value: ptr(7), Year: ip(2019), Score: ptr(70), Rating: rp(scoring.RatingGreen),
				Trend: tp(scoring.TrendStagnating)},
			{IndicatorCode: "gone", PerspectiveCode: "q"},
		}}
	return cur, prev, cat
}

func TestProgressReport(t *testing.T) {
	cur, prev, cat := progressCards()
	values := []indicators.Measurement{
		mv("up", "2020", indicators.Submitted), mv("down", "2020", indicators.Draft), mv("flat", "2020-Q1", indicators.Rejected),
		mv("gone", "2020", indicators.Approved), mv("up", "2019", indicators.Submitted),
		{ZoneCode: "z2", IndicatorCode: "up", Period: "2020", Status: indicators.Submitted},
	}
	r := scoring.NewProgressReport(cur, &prev, cat, values)

	if r.Year != 2020 || r.PreviousYear != 2019 || r.Basis != scoring.BasisWorking || r.MethodVersion != "m" {
		t.Fatalf("head %+v", r)
	}
	if r.Index.Current != nil || *r.Index.Previous != 55 || r.Index.Change != nil {
		t.Errorf("index %+v: no index in 2020, so no change", r.Index)
	}
	assertNear(t, "points change", *r.Points.Change, 2.5)
	assertNear(t, "coverage change", *r.Coverage.Change, -0.25)
	if r.Grade != nil || *r.PreviousGrade != "B" {
		t.Errorf("grades %v %v", r.Grade, r.PreviousGrade)
	}

	p, q := r.Perspectives[0], r.Perspectives[1]
	assertNear(t, "perspective p change", *p.Score.Change, 5)
	if p.Movement != scoring.MovedBetter || p.PreviousRating != scoring.RatingYellow || *p.Trend != scoring.TrendOnTrack {
		t.Errorf("perspective p %+v: yellow to green is better", p)
	}
	if q.Score.Change != nil || q.Movement != scoring.NotComparable {
		t.Errorf("perspective q %+v: gray is not comparable", q)
	}

	byCode := map[string]scoring.IndicatorProgress{}
	for _, ind := range r.Indicators {
		byCode[ind.IndicatorCode] = ind
	}
	up, down, flat, gone := byCode["up"], byCode["down"], byCode["flat"], byCode["gone"]
	assertNear(t, "up change", *up.Value.Change, 10)
	assertNear(t, "up relative change", *up.RelativeChange, 0.2) // 10 / 50
	assertNear(t, "down change", *down.Value.Change, 10)
	assertNear(t, "down relative change", *down.RelativeChange, 0.25) // 10 / 40
	if up.Movement != scoring.MovedBetter || down.Movement != scoring.MovedWorse || flat.Movement != scoring.Unchanged || gone.Movement != scoring.NotComparable {
		t.Errorf("movements up %s down %s flat %s gone %s", up.Movement, down.Movement, flat.Movement, gone.Movement)
	}
	if !up.HigherIsBetter || down.HigherIsBetter || up.NameZh != "升" {
		t.Errorf("directions and names from the catalogue: %+v %+v", up, down)
	}
	if gone.RelativeChange != nil || gone.Value.Previous == nil || *gone.Value.Previous != 0 {
		t.Errorf("gone: %+v", gone)
	}
	// Off track: down (orange), flat (stagnating); up is yellow and on
	// track; gone has no value. Behind plan: up.
	if !slices.Equal(r.OffTrack, []string{"down", "flat"}) || !slices.Equal(r.BehindPlan, []string{"up"}) {
		t.Errorf("off track %v, behind plan %v", r.OffTrack, r.BehindPlan)
	}
	c := r.Completeness
	if c.Indicators != 4 || c.Reported != 2 || !slices.Equal(c.Missing, []string{"flat", "gone"}) || c.Coverage != 0.75 {
		t.Errorf("completeness %+v", c)
	}
	u := r.Unapproved
	if u.Total != 3 || u.Draft != 1 || u.Submitted != 1 || u.Rejected != 1 || len(u.Values) != 3 || u.Values[2].Period != "2020-Q1" {
		t.Errorf("unapproved %+v: z1's 2020 values that are not approved", u)
	}
}

func TestProgressReportWithoutPreviousYear(t *testing.T) {
	cur, _, cat := progressCards()
	r := scoring.NewProgressReport(cur, nil, cat, nil)
	if r.Points.Previous != nil || r.Points.Change != nil || r.Coverage.Previous != nil {
		t.Errorf("no previous card, yet previous figures: %+v %+v", r.Points, r.Coverage)
	}
	for _, ind := range r.Indicators {
		if ind.Value.Change != nil || ind.Movement != scoring.NotComparable {
			t.Errorf("%s: %+v", ind.IndicatorCode, ind)
		}
	}
	if r.Unapproved.Values == nil || r.Unapproved.Total != 0 {
		t.Errorf("unapproved %+v: an empty list, not null", r.Unapproved)
	}
}

// TestProgressReportLeavesOutNotApplicable shows that an indicator that
// does not apply to the zone is neither missing nor compared.
func TestProgressReportLeavesOutNotApplicable(t *testing.T) {
	cur, prev, cat := progressCards()
	cur.Indicators[3] = scoring.IndicatorCard{IndicatorCode: "gone", PerspectiveCode: "q", NotApplicableReason: "not for zone type park"}
	r := scoring.NewProgressReport(cur, &prev, cat, nil)
	// "flat" has only its 2019 value, so it is missing for 2020; "gone"
	// does not apply and is not.
	if r.Completeness.Indicators != 3 || len(r.Completeness.Missing) != 1 || r.Completeness.Missing[0] != "flat" {
		t.Errorf("completeness %+v, want 3 indicators and only flat missing", r.Completeness)
	}
	for _, ip := range r.Indicators {
		if ip.IndicatorCode == "gone" {
			t.Errorf("the not-applicable indicator is in the report: %+v", ip)
		}
	}
}
