package scoring_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"igmc/indicators"
	"igmc/scoring"
)

// shareFramework has two perspectives: p with five annual indicators and q
// with two annual ones, a quarterly sum and one that does not apply.
func shareFramework() scoring.Framework {
	ind := func(code, persp string) scoring.Indicator {
		return scoring.Indicator{Code: code, Perspective: persp, Best: ptr(100), Worst: ptr(0), Weight: 1}
	}
	quarterly := ind("q3", "q")
	quarterly.Frequency, quarterly.Aggregation = scoring.Quarterly, scoring.AggregateSum
	return scoring.Framework{
		Code:         "share",
		Perspectives: []scoring.Perspective{{Code: "p", Weight: 1}, {Code: "q", Weight: 1}},
		Indicators: []scoring.Indicator{
			ind("p1", "p"), ind("p2", "p"), ind("p3", "p"), ind("p4", "p"), ind("p5", "p"),
			ind("q1", "q"), ind("q2", "q"), quarterly, ind("q4", "q"),
		},
	}
}

func valueQ(code string, year, sub int, v float64, q indicators.Quality) scoring.Value {
	return scoring.Value{Indicator: code, Year: year, Sub: sub, Value: v, Approved: true, Quality: q}
}

// TestQualityShare: 2 of p's 5 values are estimated (one estimate, one
// modelled: 2/5 = 40%); in q, q1 is official, q2 has no value, q3's year
// has a modelled quarter (so it counts), q4 does not apply: 1 of 2 = 50%.
// Overall 3 of 7 values: 3/7. p1's estimate of 2020 is replaced by an
// official value of the same year later in the list, and p5's value as of
// 2020 is 2019's estimate, whatever 2018 was.
func TestQualityShare(t *testing.T) {
	values := []scoring.Value{
		valueQ("p1", 2020, 0, 50, indicators.QualityEstimate),
		valueQ("p1", 2020, 0, 60, indicators.QualityOfficial), // the later duplicate wins
		valueQ("p2", 2020, 0, 70, indicators.QualityEstimate),
		valueQ("p3", 2020, 0, 80, indicators.QualityModelled),
		valueQ("p4", 2020, 0, 90, ""), // empty is administrative
		valueQ("p5", 2018, 0, 10, indicators.QualityOfficial),
		valueQ("p5", 2019, 0, 40, indicators.QualitySurvey),
		valueQ("q1", 2020, 0, 30, indicators.QualityOfficial),
		valueQ("q3", 2020, 1, 5, indicators.QualityOfficial),
		valueQ("q3", 2020, 2, 5, indicators.QualityModelled),
		valueQ("q3", 2020, 3, 5, indicators.QualityOfficial),
		valueQ("q4", 2020, 0, 30, indicators.QualityEstimate), // not applicable: not counted
	}
	opts := scoring.Options{Zone: "z", Year: 2020, NotApplicable: map[string]string{"q4": "no_port"}}
	card := mustCompute(t, shareFramework(), values, opts)

	type share struct {
		values, estimated int
		share             float64
	}
	got := func(q scoring.QualityShare) share {
		if q.Share == nil {
			return share{q.Values, q.Estimated, -1}
		}
		return share{q.Values, q.Estimated, *q.Share}
	}
	want := map[string]share{"p": {5, 2, 0.4}, "q": {2, 1, 0.5}}
	for _, p := range card.Perspectives {
		g := got(p.Quality)
		if w := want[p.Code]; g.values != w.values || g.estimated != w.estimated || !near(g.share, w.share) {
			t.Errorf("perspective %s quality = %+v, want %+v", p.Code, g, w)
		}
	}
	if g := got(card.Quality); g.values != 7 || g.estimated != 3 || !near(g.share, 3.0/7) {
		t.Errorf("card quality = %+v, want 3 of 7 (%.6f)", g, 3.0/7)
	}

	rows := map[string]scoring.IndicatorCard{}
	for _, r := range card.Indicators {
		rows[r.IndicatorCode] = r
	}
	wantRow := map[string]indicators.Quality{
		"p1": indicators.QualityOfficial, "p2": indicators.QualityEstimate, "p3": indicators.QualityModelled,
		"p4": indicators.QualityAdministrative, "p5": indicators.QualitySurvey, "q1": indicators.QualityOfficial,
		"q3": indicators.QualityModelled,
	}
	for code, w := range wantRow {
		r := rows[code]
		if r.Quality == nil || *r.Quality != w || r.Estimated != w.Estimated() {
			t.Errorf("%s quality = %v estimated %v, want %s", code, r.Quality, r.Estimated, w)
		}
	}
	for _, code := range []string{"q2", "q4"} {
		if r := rows[code]; r.Quality != nil || r.Estimated {
			t.Errorf("%s without a value has quality %v estimated %v, want null", code, r.Quality, r.Estimated)
		}
	}
}

// TestQualityShareLeavesScoresAlone: the same values marked estimated or
// not give the same scores, ratings, points and index.
func TestQualityShareLeavesScoresAlone(t *testing.T) {
	plain := demoValues()
	marked := demoValues()
	for i := range marked {
		marked[i].Quality = indicators.QualityModelled
	}
	a := mustCompute(t, demoFramework(), plain, scoring.Options{Zone: "z1", Year: 2020})
	b := mustCompute(t, demoFramework(), marked, scoring.Options{Zone: "z1", Year: 2020})
	if b.Quality.Estimated != 4 || b.Quality.Values != 4 || a.Quality.Estimated != 0 {
		t.Errorf("estimated: plain %+v, marked %+v; want 0 of 4 and 4 of 4", a.Quality, b.Quality)
	}
	strip := func(c scoring.Card) scoring.Card {
		c.Quality = scoring.QualityShare{}
		c.Indicators = append([]scoring.IndicatorCard(nil), c.Indicators...)
		for i := range c.Indicators {
			c.Indicators[i].Quality, c.Indicators[i].Estimated = nil, false
		}
		c.Perspectives = append([]scoring.PerspectiveCard(nil), c.Perspectives...)
		for i := range c.Perspectives {
			c.Perspectives[i].Quality = scoring.QualityShare{}
		}
		return c
	}
	ja, _ := json.Marshal(strip(a))
	jb, _ := json.Marshal(strip(b))
	if !reflect.DeepEqual(ja, jb) {
		t.Errorf("the quality changed the card:\n%s\n%s", ja, jb)
	}
}

// TestQualityShareJSON: the fields of docs/api.md, and a perspective
// without values has a null share.
func TestQualityShareJSON(t *testing.T) {
	card := mustCompute(t, shareFramework(), []scoring.Value{valueQ("p1", 2020, 0, 50, indicators.QualityEstimate)}, scoring.Options{Zone: "z", Year: 2020})
	raw, err := json.Marshal(card)
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Quality      map[string]any `json:"quality"`
		Perspectives []struct {
			Quality map[string]any `json:"quality"`
		} `json:"perspectives"`
		Indicators []map[string]any `json:"indicators"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if m.Quality["values"] != 1.0 || m.Quality["estimated"] != 1.0 || m.Quality["estimated_share"] != 1.0 {
		t.Errorf("card quality = %v", m.Quality)
	}
	if q := m.Perspectives[1].Quality; q["values"] != 0.0 || q["estimated_share"] != nil {
		t.Errorf("perspective q quality = %v, want 0 values and a null share", q)
	}
	if r := m.Indicators[0]; r["quality"] != "estimate" || r["estimated"] != true {
		t.Errorf("p1 = %v", r)
	}
	if r := m.Indicators[1]; r["quality"] != nil || r["estimated"] != false {
		t.Errorf("p2 without a value = %v", r)
	}
}
