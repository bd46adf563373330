package indicators

import (
	"database/sql/driver"
	"fmt"
)

// Warning is one data-quality check's finding on a value (SPEC §8): the
// check (jump, peer, flat, rule), the figures behind it, and for a rule its
// code and outcome. scoring computes them; a value keeps those it was
// submitted with, beside the explanation given for them.
type Warning struct {
	Check string `json:"check"`
	// Rule is the validation rule's code, for a rule warning.
	Rule string `json:"rule,omitempty"`
	// Severity is warning, or error for a failed error rule (which
	// refuses the value).
	Severity Severity `json:"severity"`
	// State is the rule's outcome (fails or division_by_zero).
	State RuleState `json:"state,omitempty"`
	// Figures are the numbers behind the warning: the change, the
	// previous value, the z-score, the median, the peers, the years, the
	// rule's two sides.
	Figures map[string]float64 `json:"figures"`
}

// CheckRow is one value for the data-quality checks (SPEC §8): a zone's
// value of an indicator for a period. A batch of them is checked together,
// each standing in for the stored value of its zone, indicator and period.
type CheckRow struct {
	Zone, Indicator, Period string
	Value                   float64
}

// Quality says how a value was obtained (SPEC §8).
type Quality string

// The quality codes; administrative is the default.
const (
	QualityOfficial       Quality = "official"
	QualityAdministrative Quality = "administrative"
	QualitySurvey         Quality = "survey"
	QualityEstimate       Quality = "estimate"
	QualityModelled       Quality = "modelled"
)

// Qualities are the quality codes in the order forms list them.
var Qualities = []Quality{QualityOfficial, QualityAdministrative, QualitySurvey, QualityEstimate, QualityModelled}

// ParseQuality accepts the five codes; empty is administrative.
func ParseQuality(s string) (Quality, error) {
	if s == "" {
		return QualityAdministrative, nil
	}
	for _, q := range Qualities {
		if string(q) == s {
			return q, nil
		}
	}
	return "", fmt.Errorf("quality %q is not one of official, administrative, survey, estimate, modelled", Excerpt(s))
}

// Same reports whether two stored codes name the same quality: an empty
// code is administrative.
func (q Quality) Same(o Quality) bool {
	plain := func(c Quality) bool { return c == "" || c == QualityAdministrative }
	return q == o || plain(q) && plain(o)
}

// Estimated reports whether the value is an estimate or modelled, the
// share scorecards report.
func (q Quality) Estimated() bool { return q == QualityEstimate || q == QualityModelled }

// Scan implements sql.Scanner, refusing values outside the set.
func (q *Quality) Scan(src any) error { return scanEnum(q, src, ParseQuality) }

// Value implements driver.Valuer.
func (q Quality) Value() (driver.Value, error) { return string(q), nil }
