package web

import (
	"context"
	"math"

	"igmc/indicators"
	"igmc/locale"
	"igmc/reports"
)

// reviewStore is what the review queue needs of the store beyond the
// domain service: the queue in a chosen order, and decisions over a whole
// confirmed selection.
type reviewStore interface {
	// ReviewQueue is one page of the submitted values a filter selects.
	ReviewQueue(ctx context.Context, q indicators.ReviewQuery) (indicators.ReviewPage, error)
	// ReviewSelectionOf counts and digests a selection, to be confirmed.
	ReviewSelectionOf(ctx context.Context, f indicators.MeasurementFilter) (indicators.ReviewSelection, error)
	// ReviewAll decides every value of a confirmed selection, or none.
	ReviewAll(ctx context.Context, f indicators.MeasurementFilter, action indicators.ReviewAction, comment string, seen indicators.ReviewSelection, by *indicators.Principal) ([]indicators.Measurement, indicators.ReviewSelection, error)
}

// reviewRow is one value of the queue with what it would replace: the
// approved value in force for the same period (when an approved value was
// edited) and last year's approved value. The change is measured against
// the value in force, else against last year's.
type reviewRow struct {
	M          indicators.Measurement
	Indicator  *indicators.Indicator
	InForce    *float64
	LastYear   *float64
	LastPeriod string
	// AgainstLastYear tells which value the change compares with.
	AgainstLastYear bool
	Delta           *float64
	DeltaPct        *float64
	Checked         bool
	Warnings        []indicators.ReviewWarning
	// Checks are the sentences of the value's stored data-quality
	// warnings, in the reader's language; the officer's explanation of
	// them is M.Explanation.
	Checks []string
	// Evidence is the files attached to the value.
	Evidence []indicators.Evidence
	// MayDecide is false for a value the reviewer may not decide (its own
	// entry): the row says so instead of offering the buttons.
	MayDecide bool
	// Note is the row's own comment as typed, kept when the form is shown
	// again; NoteError the message key of its problem.
	Note      string
	NoteError string
}

// newReviewRow puts the queue's item beside what it would replace.
func newReviewRow(it indicators.ReviewItem, ind *indicators.Indicator, p *indicators.Principal) reviewRow {
	row := reviewRow{M: it.Measurement, Indicator: ind, InForce: it.ApprovedValue, LastYear: it.LastYear, LastPeriod: it.LastPeriod, Warnings: it.Warnings,
		MayDecide: indicators.May(p, indicators.ActionApprove, indicators.Target{ID: it.ID, Zone: it.ZoneCode, EnteredBy: it.EnteredBy}) == nil}
	base := row.InForce
	if base == nil {
		base, row.AgainstLastYear = row.LastYear, true
	}
	if base != nil {
		delta := it.Value - *base
		row.Delta = &delta
		if *base != 0 {
			pct := delta / math.Abs(*base) * 100
			row.DeltaPct = &pct
		}
	}
	return row
}

// checkTexts words the stored warnings of the page's values in l, with
// each framework's rules read once.
func (s *Server) checkTexts(ctx context.Context, l *locale.Lang, rows []reviewRow) error {
	rules := map[string][]indicators.Rule{}
	for i := range rows {
		m := &rows[i].M
		if len(m.Warnings) == 0 {
			continue
		}
		rs, ok := rules[m.FrameworkCode]
		if !ok {
			var err error
			if rs, err = s.svc.Rules(ctx, m.FrameworkCode); err != nil {
				return err
			}
			rules[m.FrameworkCode] = rs
		}
		for _, w := range m.Warnings {
			rows[i].Checks = append(rows[i].Checks, reports.WarningText(l, w, rs))
		}
	}
	return nil
}

// Warned reports whether the row has a warning.
func (r reviewRow) Warned() bool { return len(r.Warnings) > 0 }

// reviewQueue reads the page of the queue f asks for, in the reviewer's
// scope, narrowed by framework, zone, perspective and year in the store,
// so paging and the count are exact whatever the filters.
func (s *Server) reviewQueue(ctx context.Context, p *indicators.Principal, f reviewFilter) (indicators.ReviewPage, error) {
	return s.svc.ReviewQueue(ctx, indicators.ReviewQuery{Filter: f.measurements(p), Order: f.Order,
		Offset: (f.Page - 1) * reviewPageSize, Limit: reviewPageSize})
}
