package indicators

import (
	"fmt"
	"regexp"
	"strconv"
)

// Framework is a named indicator system, such as the built-in igmc one.
type Framework struct {
	Code       string      `json:"framework_code"`
	NameEn     string      `json:"name_en"`
	NameZh     string      `json:"name_zh"`
	Version    string      `json:"version"`
	GradeBands []GradeBand `json:"grade_bands"`
}

// GradeBand awards Grade to a total of at least Min points.
type GradeBand struct {
	Min   float64 `json:"min"`
	Grade string  `json:"grade"`
}

// Perspective is an ordered group of indicators inside a framework.
type Perspective struct {
	Code       string     `json:"perspective_code"`
	NameEn     string     `json:"name_en"`
	NameZh     string     `json:"name_zh"`
	Weight     float64    `json:"weight"`
	Categories []Category `json:"categories"`
}

// Category is an optional sub-group of a perspective.
type Category struct {
	Code   string `json:"category_code"`
	NameEn string `json:"name_en"`
	NameZh string `json:"name_zh"`
}

// Indicator is one measured quantity. Optional numbers are pointers so that
// "not given" survives a round trip; Bounds applies the defaults.
type Indicator struct {
	Code            string      `json:"indicator_code"`
	PerspectiveCode string      `json:"perspective_code"`
	CategoryCode    string      `json:"category_code"`
	NameEn          string      `json:"name_en"`
	NameZh          string      `json:"name_zh"`
	Unit            string      `json:"unit"`
	UnitZh          string      `json:"unit_zh"`
	Frequency       Frequency   `json:"frequency"`
	Aggregation     Aggregation `json:"aggregation"`
	Best            *float64    `json:"best"`
	Worst           *float64    `json:"worst"`
	Green           *float64    `json:"green"`
	Red             *float64    `json:"red"`
	BaselineValue   *float64    `json:"baseline_value"`
	BaselineYear    *int        `json:"baseline_year"`
	TargetValue     *float64    `json:"target_value"`
	TargetYear      *int        `json:"target_year"`
	Weight          float64     `json:"weight"`
	Points          float64     `json:"points"`
	Min             *float64    `json:"min"`
	Max             *float64    `json:"max"`
	Reference       string      `json:"reference"`
	Source          string      `json:"source"`
	SourceZh        string      `json:"source_zh"`
	Definition      string      `json:"definition"`
	DefinitionZh    string      `json:"definition_zh"`
	// AppliesTo lists the zone types the indicator applies to; empty
	// means every zone (SPEC §2.2).
	AppliesTo []string `json:"applies_to"`
}

// Catalogue is a framework's perspectives, categories and indicators in
// their order.
type Catalogue struct {
	Perspectives []Perspective
	Indicators   []Indicator
}

// Bounds are an indicator's effective best, worst, green and red after the
// defaults of the method: best = target and worst = baseline when not given,
// green = best, red = the value that scores 50.
type Bounds struct {
	Best, Worst, Green, Red float64
}

// HigherIsBetter reports the direction the bounds give.
func (b Bounds) HigherIsBetter() bool { return b.Best > b.Worst }

// Bounds resolves the indicator's effective bounds or says why it cannot.
// It is the one statement of the defaults: the scoring package resolves
// through it too.
func (ind *Indicator) Bounds() (Bounds, error) {
	var b Bounds
	switch {
	case ind.Best != nil:
		b.Best = *ind.Best
	case ind.TargetValue != nil:
		b.Best = *ind.TargetValue
	default:
		return b, fmt.Errorf("best is not given and there is no target value to take it from")
	}
	switch {
	case ind.Worst != nil:
		b.Worst = *ind.Worst
	case ind.BaselineValue != nil:
		b.Worst = *ind.BaselineValue
	default:
		return b, fmt.Errorf("worst is not given and there is no baseline value to take it from")
	}
	if b.Best == b.Worst {
		return b, fmt.Errorf("best and worst are both %s, so no direction or scale can be derived", FormatNumber(b.Best))
	}
	b.Green = b.Best
	if ind.Green != nil {
		b.Green = *ind.Green
	}
	b.Red = b.Worst + (b.Best-b.Worst)/2
	if ind.Red != nil {
		b.Red = *ind.Red
	}
	return b, nil
}

var codePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$`)

// ValidCode reports whether s can serve as a code of a framework, zone,
// perspective, category or indicator: 1–64 letters, digits, '_', '.', '-'.
func ValidCode(s string) bool { return codePattern.MatchString(s) }

// Validate checks an indicator's meaning, returning field errors with the
// column names of the catalogue file.
func (ind *Indicator) Validate(line int, errs *FieldErrors) {
	if !ValidCode(ind.Code) {
		errs.AddWith(line, "indicator_code", "invalid_code", map[string]string{"value": ind.Code}, "indicator code %q must be 1-64 letters, digits, '_', '.' or '-'", ind.Code)
	}
	if ind.NameEn == "" {
		errs.Add(line, "name_en", "required", "name_en is required")
	}
	if ind.Unit == "" {
		errs.Add(line, "unit", "required", "unit is required")
	}
	for _, t := range []struct {
		field, s string
		max      int
	}{{"name_en", ind.NameEn, MaxNameLen}, {"name_zh", ind.NameZh, MaxNameLen}, {"unit", ind.Unit, MaxUnitLen},
		{"unit_zh", ind.UnitZh, MaxUnitLen}, {"reference", ind.Reference, MaxReferenceLen}, {"source", ind.Source, MaxSourceLen},
		{"source_zh", ind.SourceZh, MaxSourceLen}, {"definition", ind.Definition, MaxDefinitionLen}, {"definition_zh", ind.DefinitionZh, MaxDefinitionLen}} {
		errs.Text(line, t.field, t.s, t.max)
	}
	for _, t := range ind.AppliesTo {
		if !ValidCode(t) {
			errs.AddWith(line, "applies_to", "invalid_code", map[string]string{"value": t}, "zone type %q must be 1-64 letters, digits, '_', '.' or '-'", t)
		}
	}
	if errs.CheckMagnitude(line, "weight", ind.Weight, false) && !(ind.Weight > 0 && ind.Weight <= MaxWeight) {
		errs.AddWith(line, "weight", "out_of_range", map[string]string{"value": FormatNumber(ind.Weight), "low": "0", "high": FormatNumber(MaxWeight)},
			"weight must be greater than 0 and at most %s", FormatNumber(MaxWeight))
	}
	if errs.CheckMagnitude(line, "points", ind.Points, false) && !(ind.Points >= 0 && ind.Points <= MaxPoints) {
		errs.AddWith(line, "points", "out_of_range", map[string]string{"value": FormatNumber(ind.Points), "low": "0", "high": FormatNumber(MaxPoints)},
			"points must be between 0 and %s", FormatNumber(MaxPoints))
	}
	numbersOK := true
	for _, n := range []struct {
		field string
		v     *float64
	}{{"best", ind.Best}, {"worst", ind.Worst}, {"green", ind.Green}, {"red", ind.Red},
		{"baseline_value", ind.BaselineValue}, {"target_value", ind.TargetValue}, {"min", ind.Min}, {"max", ind.Max}} {
		if n.v != nil && !errs.CheckMagnitude(line, n.field, *n.v, false) {
			numbersOK = false
		}
	}
	if !numbersOK {
		return
	}
	b, err := ind.Bounds()
	if err != nil {
		field := "best"
		if ind.Best != nil && ind.Worst == nil {
			field = "worst"
		}
		errs.Add(line, field, "invalid_bounds", "%v", err)
		return
	}
	if ind.Min != nil && ind.Max != nil && *ind.Min > *ind.Max {
		errs.AddWith(line, "min", "out_of_range", map[string]string{"value": FormatNumber(*ind.Min), "above": FormatNumber(*ind.Max)},
			"min %s is greater than max %s", FormatNumber(*ind.Min), FormatNumber(*ind.Max))
	}
	// In the higher-is-better orientation: worst <= red <= green <= best.
	o := func(v float64) float64 {
		if b.HigherIsBetter() {
			return v
		}
		return -v
	}
	if o(b.Green) > o(b.Best) || o(b.Green) < o(b.Worst) {
		errs.AddWith(line, "green", "out_of_range", map[string]string{"value": FormatNumber(b.Green), "low": FormatNumber(b.Worst), "high": FormatNumber(b.Best)},
			"green %s must lie between worst %s and best %s", FormatNumber(b.Green), FormatNumber(b.Worst), FormatNumber(b.Best))
	}
	if o(b.Red) > o(b.Green) || o(b.Red) < o(b.Worst) {
		errs.AddWith(line, "red", "out_of_range", map[string]string{"value": FormatNumber(b.Red), "low": FormatNumber(b.Worst), "high": FormatNumber(b.Green)},
			"red %s must lie between worst %s and green %s", FormatNumber(b.Red), FormatNumber(b.Worst), FormatNumber(b.Green))
	}
	if (ind.BaselineValue == nil) != (ind.BaselineYear == nil) {
		errs.AddWith(line, "baseline_year", "required", map[string]string{"together": "baseline_value, baseline_year"}, "baseline_value and baseline_year go together")
	}
	if (ind.TargetValue == nil) != (ind.TargetYear == nil) {
		errs.AddWith(line, "target_year", "required", map[string]string{"together": "target_value, target_year"}, "target_value and target_year go together")
	}
	for _, y := range []struct {
		field string
		v     *int
	}{{"baseline_year", ind.BaselineYear}, {"target_year", ind.TargetYear}} {
		if y.v != nil && !ValidYear(*y.v) {
			errs.AddWith(line, y.field, "out_of_range", map[string]string{"value": strconv.Itoa(*y.v), "low": strconv.Itoa(MinYear), "high": strconv.Itoa(MaxYear)},
				"%s %d is not between %d and %d", y.field, *y.v, MinYear, MaxYear)
		}
	}
}

// Validate checks a framework's code, names, version and grade bands
// against the limits; the store calls it on every save.
func (f *Framework) Validate() error {
	var errs FieldErrors
	if !ValidCode(f.Code) {
		errs.AddWith(0, "framework_code", "invalid_code", map[string]string{"value": f.Code}, "framework code %q must be 1-64 letters, digits, '_', '.' or '-'", f.Code)
	}
	errs.Text(0, "name_en", f.NameEn, MaxNameLen)
	errs.Text(0, "name_zh", f.NameZh, MaxNameLen)
	errs.Text(0, "version", f.Version, MaxVersionLen)
	for _, b := range f.GradeBands {
		errs.Text(0, "grade_bands", b.Grade, MaxNameLen)
		errs.CheckMagnitude(0, "grade_bands", b.Min, true)
	}
	return errs.Err("the framework is not valid")
}

// Validate checks every indicator of the catalogue, and that its points
// add up to at most MaxPointsTotal. It is the store's check of a catalogue
// however it was made; ReadCatalogue makes the same checks row by row, with
// lines.
func (cat *Catalogue) Validate() error {
	var errs FieldErrors
	total := 0.0
	for i := range cat.Indicators {
		ind := &cat.Indicators[i]
		var one FieldErrors
		ind.Validate(0, &one)
		for _, fe := range one.List {
			with := map[string]string{"indicator": ind.Code}
			for k, v := range fe.Args {
				with[k] = v
			}
			errs.AddWith(0, fe.Field, fe.Code, with, "indicator %q: %s", ind.Code, fe.Message)
		}
		total += ind.Points
	}
	for _, p := range cat.Perspectives {
		errs.Text(0, "perspective_name_en", p.NameEn, MaxNameLen)
		errs.Text(0, "perspective_name_zh", p.NameZh, MaxNameLen)
		for _, c := range p.Categories {
			errs.Text(0, "category_name_en", c.NameEn, MaxNameLen)
			errs.Text(0, "category_name_zh", c.NameZh, MaxNameLen)
		}
	}
	checkPointsTotal(0, total, &errs)
	return errs.Err("the catalogue is not valid")
}

// checkPointsTotal refuses a catalogue whose points add up to more than
// MaxPointsTotal.
func checkPointsTotal(line int, total float64, errs *FieldErrors) bool {
	if total > MaxPointsTotal {
		errs.AddWith(line, "points", "out_of_range", map[string]string{"value": FormatNumber(total), "low": "0", "high": FormatNumber(MaxPointsTotal)},
			"the points of the catalogue add up to more than %s", FormatNumber(MaxPointsTotal))
		return false
	}
	return true
}

// InRange reports whether v lies within the indicator's plausible min/max.
func (ind *Indicator) InRange(v float64) bool {
	return (ind.Min == nil || v >= *ind.Min) && (ind.Max == nil || v <= *ind.Max)
}
