package web

import (
	"bytes"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/locale"
	"igmc/scoring"
)

// renderPage renders page name with data in a language, as a request
// would, without a store.
func renderPage(t *testing.T, name, lang string, data any) string {
	t.Helper()
	var buf bytes.Buffer
	if err := parsePages()[name].ExecuteTemplate(&buf, "layout.html", &View{L: locale.Of(lang), Data: data, Path: "/"}); err != nil {
		t.Fatalf("render %s (%s): %v", name, lang, err)
	}
	return buf.String()
}

func fp(v float64) *float64 { return &v }

// explainedCard is a card built by hand with the explanations the method
// gives (SPEC §3.12): a rating between two thresholds, a plan status
// against the zone's plan, a perspective set by its two weakest
// indicators, and a worsening trend.
func explainedCard() (*indicators.Catalogue, scoring.Card) {
	cat := &indicators.Catalogue{
		Perspectives: []indicators.Perspective{{Code: "env", NameEn: "Environment", NameZh: "环境"}},
		Indicators: []indicators.Indicator{
			{Code: "PM", PerspectiveCode: "env", NameEn: "Fine particles", NameZh: "细颗粒物", Unit: "µg/m³", UnitZh: "微克/立方米", Points: 5},
			{Code: "GR", PerspectiveCode: "env", NameEn: "Green area", NameZh: "绿地", Unit: "ha per person", Points: 5},
		},
	}
	green, orange := scoring.Rating("green"), scoring.Rating("orange")
	worse := scoring.TrendDecreasing
	behind := scoring.PlanStatus("behind")
	zone := scoring.PlanFromZone
	y := 2019
	card := scoring.Card{Framework: "t", Zone: "Z", Year: 2019, Basis: scoring.BasisOfficial,
		Perspectives: []scoring.PerspectiveCard{{Code: "env", NameEn: "Environment", NameZh: "环境", Score: fp(61), Rating: orange, Trend: &worse,
			Explanation: &scoring.Explanation{Rating: &scoring.RatingExplanation{Rule: scoring.RuleWeakestLink, Indicators: []string{"PM", "GR"}}}}},
		Indicators: []scoring.IndicatorCard{
			{IndicatorCode: "PM", PerspectiveCode: "env", Value: fp(41), Year: &y, Unit: "µg/m³", Score: fp(55), Rating: &orange, Trend: &worse,
				PlanStatus: &behind, PlanSource: &zone, Applicable: true,
				Explanation: &scoring.Explanation{
					Rating: &scoring.RatingExplanation{Rule: scoring.RuleThresholds, Lower: &scoring.Threshold{Name: "red", Value: 50}, Upper: &scoring.Threshold{Name: "mid", Value: 37.5}},
					Plan:   &scoring.PlanExplanation{Source: scoring.PlanFromZone, BaselineYear: 2015, BaselineValue: 60, TargetYear: 2020, TargetValue: 35, ExpectedValue: 40}}},
			{IndicatorCode: "GR", PerspectiveCode: "env", Value: fp(12), Year: &y, Unit: "ha per person", Score: fp(90), Rating: &green, Applicable: true,
				Explanation: &scoring.Explanation{Rating: &scoring.RatingExplanation{Rule: scoring.RuleThresholds, Lower: &scoring.Threshold{Name: "green", Value: 10}}}},
		},
	}
	return cat, card
}

// TestScorecardPageShowsExplanations renders the scorecard page of a card
// with explanations in both languages: each rating, the plan status and
// the perspective carry their reason as a title and in a details element,
// with the thresholds, the expected value and the two indicators; the
// trend reads "worsening" (恶化); units are in the reader's language with
// the English one where no Chinese is given.
func TestScorecardPageShowsExplanations(t *testing.T) {
	cat, card := explainedCard()
	want := map[string][]string{
		"en": {
			`title="The value reaches the red threshold (50 µg/m³) but not the mid threshold (37.5 µg/m³)."`,
			"The value reaches the green threshold (10 ha per person), the highest there is.",
			"Measured against the zone&#39;s own plan: baseline 60 µg/m³ (2015), target 35 µg/m³ (2020); expected by 2019: 40 µg/m³.",
			"Set by its two weakest indicators (the weakest-link rule): PM Fine particles, GR Green area.",
			`data-why="rating"`, `data-why="plan"`, `data-why="perspective"`, "<summary>Why?</summary>",
			"worsening", `<td class="sc-unit">µg/m³</td>`,
		},
		"zh": {
			`title="该数值达到较差阈值（50 微克/立方米），但未达到中间阈值（37.5 微克/立方米）。"`,
			"对照本区域自己的规划衡量：基准值 60 微克/立方米（2015年），目标值 35 微克/立方米（2020年）；到2019年的预期值：40 微克/立方米。",
			"由其最弱的两项指标决定（短板原则）：PM 细颗粒物、GR 绿地。",
			"恶化", `<td class="sc-unit">微克/立方米</td>`, `<td class="sc-unit"><span lang="en">ha per person</span></td>`,
		},
	}
	for lang, marks := range want {
		d := buildScorecardPage(locale.Of(lang), indicators.Zone{Code: "Z", NameEn: "Zone"}, indicators.Framework{Code: "t"}, cat, []scoring.Card{card})
		page := renderPage(t, "scorecard", lang, d)
		for _, m := range marks {
			if !strings.Contains(page, m) {
				t.Errorf("%s: the page lacks %s", lang, m)
			}
		}
		if lang == "en" && strings.Contains(page, "decreasing") {
			t.Errorf("the English page still says decreasing")
		}
	}
	// Without explanations (the method's fields nil), nothing is shown.
	for i := range card.Indicators {
		card.Indicators[i].Explanation = nil
	}
	card.Perspectives[0].Explanation = nil
	d := buildScorecardPage(locale.Of("en"), indicators.Zone{Code: "Z"}, indicators.Framework{Code: "t"}, cat, []scoring.Card{card})
	if page := renderPage(t, "scorecard", "en", d); strings.Contains(page, "sc-why") || strings.Contains(page, "title=\"The value") {
		t.Errorf("a card without explanations shows some")
	}
}

// TestPlannerPageShowsWhatIf renders the planner page with a planner and a
// what-if built by hand: the path with the value each indicator needs, the
// two cards side by side and the differences in people's words, in both
// languages.
func TestPlannerPageShowsWhatIf(t *testing.T) {
	cat, card := explainedCard()
	next := "Greener"
	plan := scoring.Planner{Framework: "t", Zone: "Z", Year: 2019, Earned: 6.5, Max: 10, NextGrade: &next, PointsNeeded: 1.5, Reachable: true,
		Indicators: []scoring.PlannerRow{{IndicatorCode: "PM", Value: fp(41), Points: 2.75, GreenValue: 25, BestValue: 10, AtGreen: 1.75, AtBest: 2.25}},
		Path:       []scoring.PlannerStep{{IndicatorCode: "PM", From: fp(41), To: 30.5, PointsGain: 1.5, ScoreChange: 30}}}
	after := card
	after.Perspectives = []scoring.PerspectiveCard{card.Perspectives[0]}
	after.Perspectives[0].Score, after.Perspectives[0].Rating = fp(72), scoring.Rating("yellow")
	r := scoring.WhatIfResult{Today: card, WhatIf: after, Differences: []scoring.Difference{
		{Field: "perspective.env.score", Before: 61.0, After: 72.0},
		{Field: "perspective.env.rating", Before: "orange", After: "yellow"},
		{Field: "indicator.PM.value", Before: 41.0, After: 30.5},
	}}
	want := map[string][]string{
		"en": {"Greener needs 1.5 more points", `data-table="path"`, "30.5", "Environment · score", "Environment · rating",
			"PM Fine particles · value", "<td class=\"num\">weak</td><td class=\"num\">fair</td>", `for="w-PM"`},
		"zh": {"达到更绿色还需 1.5 分", "环境 · 分数", "环境 · 评级", "PM 细颗粒物 · 数值", "<td class=\"num\">偏弱</td><td class=\"num\">一般</td>", "微克/立方米"},
	}
	for lang, marks := range want {
		l := locale.Of(lang)
		d := buildPlannerPage(l, indicators.Zone{Code: "Z"}, indicators.Framework{Code: "t"}, cat, &card, &plan)
		d.Result = buildWhatIf(l, d, &r)
		page := renderPage(t, "planner", lang, d)
		if i := strings.Index(page, locale.MissingMark); i >= 0 {
			t.Errorf("%s: untranslated key %s", lang, page[i:min(len(page), i+40)])
		}
		for _, m := range marks {
			if !strings.Contains(page, m) {
				t.Errorf("%s: the planner page lacks %s", lang, m)
			}
		}
	}
}
