package indicators

import (
	"fmt"
	"math"
)

// The review queue: the submitted values a filter selects, in an order a
// committee asks for, page by page, with what each value would replace and
// the marks that make a value worth a second look.

// ReviewOrder is an order of the review queue. Every order ends with the
// value's id, so that pages never overlap nor skip a value.
type ReviewOrder string

// The orders of the queue.
const (
	// OrderSubmitted: oldest submission first (the default).
	OrderSubmitted ReviewOrder = "submitted"
	// OrderChange: the largest relative change first (see ReviewItem.Change);
	// a value that grows from an earlier 0 comes before every other, and a
	// value without an earlier one after every other.
	OrderChange ReviewOrder = "change"
	// OrderZone: by zone code, then indicator code, then period.
	OrderZone ReviewOrder = "zone"
	// OrderWarnings: the values with a warning first, then as OrderChange.
	OrderWarnings ReviewOrder = "warnings"
)

// ReviewOrders lists the orders as the page offers them.
var ReviewOrders = []ReviewOrder{OrderSubmitted, OrderChange, OrderZone, OrderWarnings}

// ParseReviewOrder accepts the orders; the empty text is OrderSubmitted.
func ParseReviewOrder(s string) (ReviewOrder, error) {
	if s == "" {
		return OrderSubmitted, nil
	}
	for _, o := range ReviewOrders {
		if string(o) == s {
			return o, nil
		}
	}
	return "", fmt.Errorf("order %q is not one of submitted, change, zone, warnings", Excerpt(s))
}

// LargeChange is the relative change (0.5 is 50%, either way) from which
// the queue marks a value with WarnLargeChange.
const LargeChange = 0.5

// ReviewWarning is a reason the queue gives for a second look at a value.
// These are the simple marks the queue can give from one value alone; the
// data-quality checks of SPEC §8 are meant to add theirs here.
type ReviewWarning string

// The warnings of the queue.
const (
	// WarnOutOfRange: the value lies outside its indicator's plausible
	// range as the catalogue gives it now (the range may have changed
	// since the value was entered).
	WarnOutOfRange ReviewWarning = "out_of_range"
	// WarnLargeChange: the value differs from the one it is compared with
	// by LargeChange or more, or grows from an earlier 0.
	WarnLargeChange ReviewWarning = "large_change"
	// WarnChecks: the data-quality checks (SPEC §8) warned when the value
	// was saved; its Measurement.Warnings say what they found.
	WarnChecks ReviewWarning = "checks"
)

// ReviewQuery selects a page of the queue. Filter's Status is always
// submitted, its After and Limit are not used: the queue pages by offset,
// so a reviewer can go back as well as forward.
type ReviewQuery struct {
	Filter MeasurementFilter
	Order  ReviewOrder
	Offset int
	Limit  int
}

// ReviewItem is one submitted value of the queue with what it would
// replace: the approved value in force for the same period (Measurement's
// ApprovedValue, when an approved value was edited) and LastYear, the
// approved value in force for LastPeriod, the same period a year earlier.
type ReviewItem struct {
	Measurement
	LastPeriod string
	LastYear   *float64
	// Min and Max are the indicator's plausible range.
	Min, Max *float64
	Warnings []ReviewWarning
}

// Base is the value the change is measured against: the value in force,
// else last year's; nil when there is neither.
func (it *ReviewItem) Base() *float64 {
	if it.ApprovedValue != nil {
		return it.ApprovedValue
	}
	return it.LastYear
}

// Change is the relative change against Base: (value − base) / |base|,
// so 0.25 is +25%. ok is false when there is no base or it is 0; fromZero
// tells a value that grows from 0.
func (it *ReviewItem) Change() (change float64, ok, fromZero bool) {
	b := it.Base()
	switch {
	case b == nil:
		return 0, false, false
	case *b == 0:
		return 0, false, it.Value != 0
	}
	return (it.Value - *b) / math.Abs(*b), true, false
}

// Warn sets the item's warnings by the rules above. The store orders the
// queue by the same rules in SQL; a test holds the two together.
func (it *ReviewItem) Warn() {
	it.Warnings = nil
	if len(it.Measurement.Warnings) > 0 {
		it.Warnings = append(it.Warnings, WarnChecks)
	}
	if (it.Min != nil && it.Value < *it.Min) || (it.Max != nil && it.Value > *it.Max) {
		it.Warnings = append(it.Warnings, WarnOutOfRange)
	}
	if ch, ok, fromZero := it.Change(); fromZero || (ok && math.Abs(ch) >= LargeChange) {
		it.Warnings = append(it.Warnings, WarnLargeChange)
	}
}

// ReviewPage is one page of the queue: Offset is where it starts (moved
// back to the last page when the queue has shrunk below the one asked for)
// and Total how many values the whole selection holds.
type ReviewPage struct {
	Items  []ReviewItem
	Total  int64
	Offset int
}

// ReviewSelection is what a reviewer saw of a whole selection before
// deciding on all of it: how many values it holds and a digest of their
// ids and versions, so that a value added, decided or resubmitted since is
// noticed even when the count is the same.
type ReviewSelection struct {
	Count  int64
	Digest string
}

// MaxReviewAll is the most values one decision over a selection takes;
// past it the reviewer narrows the selection.
const MaxReviewAll = 2000
