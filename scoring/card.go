package scoring

import (
	"time"

	"igmc/indicators"
)

// Card is a zone's scorecard for one framework and year. Its JSON encoding is
// the scorecard shape of SPEC §6.1, the single source of every page and
// export; nullable figures are pointers so that "no data" encodes as null
// and is never confused with a zero.
type Card struct {
	Framework     string `json:"framework"`
	Zone          string `json:"zone"`
	Year          int    `json:"year"`
	Basis         Basis  `json:"basis"`
	MethodVersion string `json:"method_version"`
	// Coverage is the fraction (0–1) of the framework's indicators that have
	// a value as of Year.
	Coverage     float64           `json:"coverage"`
	Index        Index             `json:"index"`
	Points       Points            `json:"points"`
	Perspectives []PerspectiveCard `json:"perspectives"`
	Indicators   []IndicatorCard   `json:"indicators"`
	// Quality counts the card's scored values that are estimated or
	// modelled (SPEC §8), over all perspectives.
	Quality QualityShare `json:"quality"`
	// SignedOff is set on the official card of a signed-off year: the card
	// is then the frozen snapshot, not a computation of today's catalogue.
	SignedOff *SignedOff `json:"signed_off,omitempty"`
}

// SignedOff says when and by whom a card was frozen, and what from.
type SignedOff struct {
	ID              int64     `json:"id"`
	By              string    `json:"by"`
	At              time.Time `json:"at"`
	MethodVersion   string    `json:"method_version"`
	CatalogueSHA256 string    `json:"catalogue_sha256"`
	PlanSHA256      string    `json:"plan_sha256"`
}

// QualityShare counts the scored values of a perspective or a card — the
// applicable indicators' values as of the card's year — and those of them
// that are estimates or modelled. Share is Estimated/Values, null without
// values. It describes the card and never changes a score.
type QualityShare struct {
	Values    int      `json:"values"`
	Estimated int      `json:"estimated"`
	Share     *float64 `json:"estimated_share"`
}

// add counts one scored value.
func (q *QualityShare) add(estimated bool) {
	q.Values++
	if estimated {
		q.Estimated++
	}
}

// finish sets the share from the counts, into *share.
func (q *QualityShare) finish(share *float64) {
	if q.Values > 0 {
		*share = float64(q.Estimated) / float64(q.Values)
		q.Share = share
	}
}

// IndexReason says why a card has no index (SPEC §3.6). It is a stable code
// for the pages and exports to translate.
type IndexReason string

// The reasons an index is withheld. When both apply the perspective reason
// is given, as the more specific one.
const (
	ReasonPerspectiveWithoutScore IndexReason = "perspective_without_score"
	ReasonCoverageBelow80         IndexReason = "coverage_below_80_percent"
)

// Index is the zone's overall score, or null with the reason.
type Index struct {
	Score  *float64    `json:"score"`
	Reason IndexReason `json:"reason"` // empty when Score is given
	// MissingPerspectives lists the perspectives without a score, in
	// framework order, when that is the reason.
	MissingPerspectives []string `json:"missing_perspectives,omitempty"`
}

// Points are the IGMC-style points earned, the points available and the
// grade they reach (null when they reach no band).
type Points struct {
	Earned float64 `json:"earned"`
	// Max is the points of the applicable indicators; FrameworkMax those
	// of all the framework's indicators. The grade compares the shares
	// Earned/Max with each band's Min/FrameworkMax (§3.9a).
	Max          float64 `json:"max"`
	FrameworkMax float64 `json:"framework_max"`
	Grade        *string `json:"grade"`
}

// PerspectiveCard is one perspective's line on the scorecard.
type PerspectiveCard struct {
	Code   string   `json:"code"`
	NameEn string   `json:"name_en"`
	NameZh string   `json:"name_zh"`
	Score  *float64 `json:"score"`
	Rating Rating   `json:"rating"` // gray when data are insufficient
	Trend  *Trend   `json:"trend"`
	// Coverage is the fraction (0–1) of the perspective's indicators with a
	// value; 0 for a perspective without indicators.
	Coverage float64 `json:"coverage"`
	// Points earned by the perspective's indicators, and available to them.
	Points    float64 `json:"points"`
	PointsMax float64 `json:"points_max"`
	// Explanation says which indicators set the rating (§3.12).
	Explanation *Explanation `json:"explanation"`
	// Quality counts the perspective's estimated or modelled values.
	Quality QualityShare `json:"quality"`
}

// IndicatorCard is one indicator's line on the scorecard. Value, Year, Score
// and Rating are null when the indicator has no value as of the card's year.
type IndicatorCard struct {
	IndicatorCode   string      `json:"indicator_code"`
	PerspectiveCode string      `json:"perspective_code"`
	Value           *float64    `json:"value"`
	Year            *int        `json:"year"` // the year the value comes from (≤ the card's year)
	Unit            string      `json:"unit"`
	Score           *float64    `json:"score"`
	Rating          *Rating     `json:"rating"`
	Trend           *Trend      `json:"trend"`
	Progress        *float64    `json:"progress"`
	Expected        *float64    `json:"expected"`
	PlanStatus      *PlanStatus `json:"plan_status"`
	// Partial is true when the value aggregates an incomplete year.
	Partial bool `json:"partial"`
	// Quality is the quality code of the value (SPEC §8), null without a
	// value or for a hypothetical one. A year that aggregates several
	// periods takes the first estimated or modelled code among them, else
	// the code of its last period.
	Quality *indicators.Quality `json:"quality"`
	// Estimated is true when Quality is estimate or modelled.
	Estimated bool `json:"estimated"`
	// Points earned by this indicator (0 without a value).
	Points float64 `json:"points"`
	// PlanSource says whose plan PlanStatus measures against; null when
	// there is no plan status.
	PlanSource *PlanSource `json:"plan_source"`
	// Applicable is false for an indicator that does not apply to the
	// zone (§3.9a), with the reason; such a row has no value or score.
	Applicable          bool   `json:"applicable"`
	NotApplicableReason string `json:"not_applicable_reason,omitempty"`
	// Explanation says why the rating and plan status are what they are.
	Explanation *Explanation `json:"explanation"`
}
