package web

import (
	"fmt"
	"strings"

	"igmc/indicators"
	"igmc/locale"
	"igmc/reports"
	"igmc/scoring"
)

// plannerPageData is what templates/pages/planner.html shows.
type plannerPageData struct {
	Zone      indicators.Zone
	Framework indicators.Framework
	Year      int
	Basis     scoring.Basis
	Status    string
	Working   bool
	Years     []int
	Links     plannerLinks
	Plan      *scoring.Planner
	// Grade and NextGrade are the planner's grades in the page's
	// language ("" for no next grade).
	Grade, NextGrade string
	Potential        []plannerLine
	Path             []plannerLine
	// Form is the what-if form, one field per indicator; Invalid says the
	// posted form has an error, FormErr one that is no field's.
	Form    []whatIfField
	Invalid bool
	FormErr string
	// Result is the what-if's answer, after a valid post.
	Result *whatIfView
}

// plannerLine is an indicator's line in the planner's tables, with its
// name and unit in the page's language.
type plannerLine struct {
	Code, Name, Unit string
	Row              *scoring.PlannerRow
	Step             *scoring.PlannerStep
}

// whatIfField is one indicator's field of the what-if form.
type whatIfField struct {
	Code, Name, Unit string
	Ind              *indicators.Indicator
	Now              *float64 // today's value on the card
	Typed, Err       string
}

// whatIfView is the what-if scorecard beside today's.
type whatIfView struct {
	Today, WhatIf           *scoring.Card
	TodayGrade, WhatIfGrade string
	Perspectives            []whatIfPerspective
	Differences             []whatIfDifference
}

// whatIfPerspective is a perspective's line today and in the what-if.
type whatIfPerspective struct {
	Name          string
	Before, After *scoring.PerspectiveCard
}

// whatIfDifference is one difference in people's words.
type whatIfDifference struct {
	Label, Before, After string
}

// catalogueTexts looks the catalogue's indicators up by code.
func catalogueTexts(cat *indicators.Catalogue) map[string]*indicators.Indicator {
	m := make(map[string]*indicators.Indicator, len(cat.Indicators))
	for i := range cat.Indicators {
		m[cat.Indicators[i].Code] = &cat.Indicators[i]
	}
	return m
}

// buildPlannerPage lays out the planner and the what-if form.
func buildPlannerPage(l *Lang, z indicators.Zone, f indicators.Framework, cat *indicators.Catalogue, card *scoring.Card, p *scoring.Planner) *plannerPageData {
	d := &plannerPageData{Zone: z, Framework: f, Year: card.Year, Basis: card.Basis, Status: reports.StatusOf(card.Basis),
		Working: card.Basis == scoring.BasisWorking, Plan: p, Grade: scGradeText(l, p.Grade)}
	if p.NextGrade != nil {
		d.NextGrade = scGradeText(l, p.NextGrade)
	}
	byCode := catalogueTexts(cat)
	line := func(code string) plannerLine {
		ln := plannerLine{Code: code, Name: code}
		if ind := byCode[code]; ind != nil {
			ln.Name, ln.Unit = l.Name(ind.NameEn, ind.NameZh), l.Text(ind.Unit, ind.UnitZh)
		}
		return ln
	}
	for i := range p.Indicators {
		ln := line(p.Indicators[i].IndicatorCode)
		ln.Row = &p.Indicators[i]
		d.Potential = append(d.Potential, ln)
	}
	for i := range p.Path {
		ln := line(p.Path[i].IndicatorCode)
		ln.Step = &p.Path[i]
		d.Path = append(d.Path, ln)
	}
	now := make(map[string]*float64, len(card.Indicators))
	for i := range card.Indicators {
		now[card.Indicators[i].IndicatorCode] = card.Indicators[i].Value
	}
	for i := range cat.Indicators {
		ind := &cat.Indicators[i]
		d.Form = append(d.Form, whatIfField{Code: ind.Code, Name: l.Name(ind.NameEn, ind.NameZh), Unit: l.Text(ind.Unit, ind.UnitZh),
			Ind: ind, Now: now[ind.Code]})
	}
	return d
}

// buildWhatIf lays today's card and the what-if card side by side, with
// the differences in the page's language.
func buildWhatIf(l *Lang, d *plannerPageData, r *scoring.WhatIfResult) *whatIfView {
	v := &whatIfView{Today: &r.Today, WhatIf: &r.WhatIf, TodayGrade: scGradeText(l, r.Today.Points.Grade), WhatIfGrade: scGradeText(l, r.WhatIf.Points.Grade)}
	after := make(map[string]*scoring.PerspectiveCard, len(r.WhatIf.Perspectives))
	for i := range r.WhatIf.Perspectives {
		after[r.WhatIf.Perspectives[i].Code] = &r.WhatIf.Perspectives[i]
	}
	names := map[string]string{}
	for i := range r.Today.Perspectives {
		p := &r.Today.Perspectives[i]
		names[p.Code] = l.Name(p.NameEn, p.NameZh)
		v.Perspectives = append(v.Perspectives, whatIfPerspective{Name: names[p.Code], Before: p, After: after[p.Code]})
	}
	inds := map[string]string{}
	for _, f := range d.Form {
		inds[f.Code] = f.Code + " " + f.Name
	}
	for _, df := range r.Differences {
		v.Differences = append(v.Differences, whatIfDifference{Label: differenceLabel(l, df.Field, names, inds),
			Before: differenceValue(l, df.Field, df.Before), After: differenceValue(l, df.Field, df.After)})
	}
	return v
}

// differenceLabel names a difference's field ("index",
// "perspective.<code>.score", "indicator.<code>.rating" …) in the page's
// language; a field it does not know is shown as it is.
func differenceLabel(l *Lang, field string, perspectives, inds map[string]string) string {
	what := func(w string) string {
		if t := l.T("planner.diff." + w); !strings.HasPrefix(t, MissingMark) {
			return t
		}
		return w
	}
	for _, kind := range []struct {
		prefix string
		names  map[string]string
	}{{"perspective.", perspectives}, {"indicator.", inds}} {
		if rest, ok := strings.CutPrefix(field, kind.prefix); ok {
			if i := strings.LastIndexByte(rest, '.'); i > 0 {
				name := kind.names[rest[:i]]
				if name == "" {
					name = rest[:i]
				}
				return name + " · " + what(rest[i+1:])
			}
		}
	}
	if !strings.Contains(field, ".") {
		return what(field)
	}
	return field
}

// differenceValue shows one side of a difference: a figure rounded for
// reading, a rating, trend or plan status in words, a grade by name, and
// a dash for none.
func differenceValue(l *Lang, field string, v any) string {
	switch x := v.(type) {
	case nil:
		return locale.NoValue
	case *float64:
		if x == nil {
			return locale.NoValue
		}
		return differenceValue(l, field, *x)
	case float64:
		if field == "coverage" || strings.HasSuffix(field, ".coverage") {
			return l.Pct(x)
		}
		return locale.Group(locale.Decimal(x, 2, -1))
	case int:
		return fmt.Sprint(x)
	case *string:
		if x == nil {
			return differenceValue(l, field, nil)
		}
		return differenceValue(l, field, *x)
	case string:
		if field == "grade" {
			return scGradeText(l, &x)
		}
		for _, k := range []struct{ suffix, key string }{{".rating", "rating."}, {".trend", "trend."}, {".plan_status", "plan."}} {
			if strings.HasSuffix(field, k.suffix) {
				if t := l.T(k.key + x); !strings.HasPrefix(t, MissingMark) {
					return t
				}
			}
		}
		return x
	case scoring.Rating:
		return reports.RatingText(l, x)
	case *scoring.Rating:
		if x == nil {
			return locale.NoValue
		}
		return reports.RatingText(l, *x)
	case *scoring.Trend:
		return reports.TrendText(l, x)
	case scoring.Trend:
		return reports.TrendText(l, &x)
	case *scoring.PlanStatus:
		return reports.PlanText(l, x)
	case scoring.PlanStatus:
		return reports.PlanText(l, &x)
	}
	return fmt.Sprint(v)
}
