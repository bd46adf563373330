package scoring

import (
	"math"

	"igmc/indicators"
)

// ProgressReport says what changed for a zone from one year to the next
// (SPEC §6.4): the two years' scorecards side by side per perspective and
// indicator, the indicators off track or behind plan, how complete the
// year's data are, and which of its values still await approval. It is made
// from the two scorecards by NewProgressReport, so every format shows the
// same figures as the scorecards themselves.
type ProgressReport struct {
	Framework     string `json:"framework"`
	Zone          string `json:"zone"`
	Year          int    `json:"year"`
	PreviousYear  int    `json:"previous_year"`
	Basis         Basis  `json:"basis"`
	MethodVersion string `json:"method_version"`
	Index         Change `json:"index"`
	Points        Change `json:"points"`
	// Coverage compares the two cards' coverage (fractions 0–1).
	Coverage      Change                `json:"coverage"`
	Grade         *string               `json:"grade"`
	PreviousGrade *string               `json:"previous_grade"`
	Perspectives  []PerspectiveProgress `json:"perspectives"`
	Indicators    []IndicatorProgress   `json:"indicators"`
	// OffTrack and BehindPlan list indicator codes in scorecard order.
	OffTrack     []string     `json:"off_track"`
	BehindPlan   []string     `json:"behind_plan"`
	Completeness Completeness `json:"completeness"`
	Unapproved   Unapproved   `json:"unapproved"`
}

// Change is a figure in the report's year and the year before, and the
// difference; a figure missing in either year leaves Change null.
type Change struct {
	Current  *float64 `json:"current"`
	Previous *float64 `json:"previous"`
	Change   *float64 `json:"change"`
}

// Movement says whether something got better or worse from one year to the
// next, in the indicator's own direction for values.
type Movement string

// The movements. NotComparable is used when either year has no figure (or,
// for ratings, too little data to rate).
const (
	MovedBetter   Movement = "better"
	MovedWorse    Movement = "worse"
	Unchanged     Movement = "unchanged"
	NotComparable Movement = "not_comparable"
)

// PerspectiveProgress is one perspective in the two years.
type PerspectiveProgress struct {
	Code           string   `json:"code"`
	NameEn         string   `json:"name_en"`
	NameZh         string   `json:"name_zh"`
	Score          Change   `json:"score"`
	Rating         Rating   `json:"rating"`
	PreviousRating Rating   `json:"previous_rating"`
	Movement       Movement `json:"movement"` // of the rating
	Trend          *Trend   `json:"trend"`
	Coverage       float64  `json:"coverage"`
}

// IndicatorProgress is one indicator in the two years. Values are those in
// force on each year's scorecard, so a value carried over from an earlier
// year compares as unchanged; Reported says whether the year itself has a
// value.
type IndicatorProgress struct {
	IndicatorCode     string `json:"indicator_code"`
	PerspectiveCode   string `json:"perspective_code"`
	NameEn            string `json:"name_en"`
	NameZh            string `json:"name_zh"`
	Unit              string `json:"unit"`
	HigherIsBetter    bool   `json:"higher_is_better"`
	Value             Change `json:"value"`
	ValueYear         *int   `json:"value_year"`
	PreviousValueYear *int   `json:"previous_value_year"`
	// RelativeChange is Change ÷ |previous value|; null when the previous
	// value is missing or zero.
	RelativeChange *float64    `json:"relative_change"`
	Movement       Movement    `json:"movement"`
	Score          Change      `json:"score"`
	Rating         *Rating     `json:"rating"`
	PreviousRating *Rating     `json:"previous_rating"`
	Trend          *Trend      `json:"trend"`
	PlanStatus     *PlanStatus `json:"plan_status"`
	// OffTrack: rated red or orange, or a decreasing or stagnating trend.
	OffTrack bool `json:"off_track"`
	// BehindPlan: the plan status is behind.
	BehindPlan bool `json:"behind_plan"`
	Reported   bool `json:"reported"`
}

// Completeness is how complete the year's data are.
type Completeness struct {
	// Coverage is the scorecard's: the share of indicators with a value as
	// of the year, earlier years' included.
	Coverage   float64 `json:"coverage"`
	Indicators int     `json:"indicators"`
	// Reported counts the indicators with a value for the year itself;
	// Missing lists the others.
	Reported int      `json:"reported"`
	Missing  []string `json:"missing"`
}

// Unapproved counts and lists the zone's values for the year that are not
// approved: drafts, values awaiting review and rejected ones.
type Unapproved struct {
	Total     int                      `json:"total"`
	Draft     int                      `json:"draft"`
	Submitted int                      `json:"submitted"`
	Rejected  int                      `json:"rejected"`
	Values    []indicators.Measurement `json:"values"`
}

// NewProgressReport compares cur with prev, the same zone's scorecard of the
// year before on the same basis (nil when there is none). cat gives names
// and directions. values may be any of the zone's values: those of cur's
// zone and year that are not approved are kept, in the given order.
func NewProgressReport(cur Card, prev *Card, cat *indicators.Catalogue, values []indicators.Measurement) ProgressReport {
	r := ProgressReport{Framework: cur.Framework, Zone: cur.Zone, Year: cur.Year, PreviousYear: cur.Year - 1,
		Basis: cur.Basis, MethodVersion: cur.MethodVersion, Grade: cur.Points.Grade,
		Perspectives: []PerspectiveProgress{}, Indicators: []IndicatorProgress{}, OffTrack: []string{}, BehindPlan: []string{}}
	if prev == nil {
		prev = &Card{}
	}
	r.PreviousGrade = prev.Points.Grade
	r.Index = change(cur.Index.Score, prev.Index.Score)
	earned, coverage := cur.Points.Earned, cur.Coverage
	var prevEarned, prevCoverage *float64
	if prev.Year != 0 {
		e, c := prev.Points.Earned, prev.Coverage
		prevEarned, prevCoverage = &e, &c
	}
	r.Points = change(&earned, prevEarned)
	r.Coverage = change(&coverage, prevCoverage)

	prevPersp := map[string]*PerspectiveCard{}
	for i := range prev.Perspectives {
		prevPersp[prev.Perspectives[i].Code] = &prev.Perspectives[i]
	}
	for _, p := range cur.Perspectives {
		pp := PerspectiveProgress{Code: p.Code, NameEn: p.NameEn, NameZh: p.NameZh, Rating: p.Rating, PreviousRating: RatingGray,
			Trend: p.Trend, Coverage: p.Coverage}
		var prevScore *float64
		if q := prevPersp[p.Code]; q != nil {
			prevScore, pp.PreviousRating = q.Score, q.Rating
		}
		pp.Score = change(p.Score, prevScore)
		pp.Movement = ratingMovement(pp.Rating, pp.PreviousRating)
		r.Perspectives = append(r.Perspectives, pp)
	}

	catInd := map[string]*indicators.Indicator{}
	if cat != nil {
		for i := range cat.Indicators {
			catInd[cat.Indicators[i].Code] = &cat.Indicators[i]
		}
	}
	prevInd := map[string]*IndicatorCard{}
	for i := range prev.Indicators {
		prevInd[prev.Indicators[i].IndicatorCode] = &prev.Indicators[i]
	}
	r.Completeness = Completeness{Coverage: cur.Coverage, Missing: []string{}}
	for _, ind := range cur.Indicators {
		if !ind.Applicable && ind.NotApplicableReason != "" {
			// Not the zone's to report (§3.9a): neither missing nor compared.
			continue
		}
		r.Completeness.Indicators++
		ip := indicatorProgress(ind, prevInd[ind.IndicatorCode], catInd[ind.IndicatorCode], cur.Year)
		if ip.OffTrack {
			r.OffTrack = append(r.OffTrack, ip.IndicatorCode)
		}
		if ip.BehindPlan {
			r.BehindPlan = append(r.BehindPlan, ip.IndicatorCode)
		}
		if ip.Reported {
			r.Completeness.Reported++
		} else {
			r.Completeness.Missing = append(r.Completeness.Missing, ip.IndicatorCode)
		}
		r.Indicators = append(r.Indicators, ip)
	}
	r.Unapproved = unapproved(cur.Zone, cur.Year, values)
	return r
}

func indicatorProgress(ind IndicatorCard, prev *IndicatorCard, c *indicators.Indicator, year int) IndicatorProgress {
	ip := IndicatorProgress{IndicatorCode: ind.IndicatorCode, PerspectiveCode: ind.PerspectiveCode, Unit: ind.Unit,
		ValueYear: ind.Year, Rating: ind.Rating, Trend: ind.Trend, PlanStatus: ind.PlanStatus,
		Reported: ind.Year != nil && *ind.Year == year}
	known := false
	if c != nil {
		ip.NameEn, ip.NameZh = c.NameEn, c.NameZh
		if b, err := c.Bounds(); err == nil {
			ip.HigherIsBetter, known = b.HigherIsBetter(), true
		}
	}
	var prevValue, prevScore *float64
	if prev != nil {
		prevValue, prevScore, ip.PreviousValueYear, ip.PreviousRating = prev.Value, prev.Score, prev.Year, prev.Rating
	}
	ip.Value = change(ind.Value, prevValue)
	ip.Score = change(ind.Score, prevScore)
	ip.Movement = NotComparable
	if d := ip.Value.Change; d != nil && known {
		switch {
		case *d == 0:
			ip.Movement = Unchanged
		case (*d > 0) == ip.HigherIsBetter:
			ip.Movement = MovedBetter
		default:
			ip.Movement = MovedWorse
		}
		if *prevValue != 0 {
			rel := *d / math.Abs(*prevValue)
			ip.RelativeChange = &rel
		}
	}
	if ind.Value != nil {
		ip.OffTrack = ind.Rating != nil && (*ind.Rating == RatingRed || *ind.Rating == RatingOrange) ||
			ind.Trend != nil && (*ind.Trend == TrendDecreasing || *ind.Trend == TrendStagnating)
		ip.BehindPlan = ind.PlanStatus != nil && *ind.PlanStatus == PlanBehind
	}
	return ip
}

func unapproved(zone string, year int, values []indicators.Measurement) Unapproved {
	u := Unapproved{Values: []indicators.Measurement{}}
	for _, m := range values {
		p, err := indicators.ParsePeriod(m.Period)
		if m.ZoneCode != zone || err != nil || p.Year != year {
			continue
		}
		switch m.Status {
		case indicators.Draft:
			u.Draft++
		case indicators.Submitted:
			u.Submitted++
		case indicators.Rejected:
			u.Rejected++
		default:
			continue
		}
		u.Values = append(u.Values, m)
	}
	u.Total = len(u.Values)
	return u
}

// change pairs two figures; the difference is given only when both are.
func change(cur, prev *float64) Change {
	c := Change{Current: cur, Previous: prev}
	if cur != nil && prev != nil {
		d := *cur - *prev
		c.Change = &d
	}
	return c
}

// ratingRank orders the colours, best highest; gray (too little data) has
// no place.
var ratingRank = map[Rating]int{RatingGreen: 4, RatingYellow: 3, RatingOrange: 2, RatingRed: 1}

func ratingMovement(cur, prev Rating) Movement {
	a, b := ratingRank[cur], ratingRank[prev]
	switch {
	case a == 0 || b == 0:
		return NotComparable
	case a > b:
		return MovedBetter
	case a < b:
		return MovedWorse
	}
	return Unchanged
}
