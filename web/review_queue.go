package web

import (
	"context"
	"math"

	"igmc/indicators"
)

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
}

// newReviewRow puts value m beside what it would replace: lastYear is the
// approved value of period lastPeriod, the same period a year earlier.
func newReviewRow(m indicators.Measurement, ind *indicators.Indicator, lastPeriod string, lastYear *float64, checked bool) reviewRow {
	row := reviewRow{M: m, Indicator: ind, InForce: m.ApprovedValue, LastYear: lastYear, LastPeriod: lastPeriod, Checked: checked}
	base := row.InForce
	if base == nil {
		base, row.AgainstLastYear = row.LastYear, true
	}
	if base != nil {
		delta := m.Value - *base
		row.Delta = &delta
		if *base != 0 {
			pct := delta / math.Abs(*base) * 100
			row.DeltaPct = &pct
		}
	}
	return row
}

// reviewQueue reads one page of the queue: the submitted values in the
// reviewer's scope, narrowed by framework, zone, perspective and year in
// the store, so paging and the count are exact whatever the filters.
func (s *Server) reviewQueue(ctx context.Context, p *indicators.Principal, f reviewFilter, d *reviewData) ([]indicators.Measurement, error) {
	page, err := s.svc.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: f.Framework, Zone: f.Zone, Perspective: f.Perspective,
		Year: f.Year, Status: indicators.Submitted, Zones: p.ScopeCodes(), After: f.After, Limit: reviewPageSize})
	if err != nil {
		return nil, err
	}
	d.Waiting = page.Total
	if page.Next != nil {
		d.Next = *page.Next
	}
	return page.Items, nil
}

// previousPeriod is the same period a year earlier: 2019 for 2020,
// 2019-Q3 for 2020-Q3, 2019-07 for 2020-07.
func previousPeriod(period string) string {
	p, err := indicators.ParsePeriod(period)
	if err != nil || p.Year <= indicators.MinYear {
		return ""
	}
	p.Year--
	return p.String()
}

// lastYearApproved finds the approved value in force a year before each
// value of items, keyed by zone, indicator and period: one store query per
// distinct earlier period, narrowed to the zones on the page.
func (s *Server) lastYearApproved(ctx context.Context, framework string, items []indicators.Measurement) (map[string]*float64, error) {
	zonesOf := map[string]map[string]bool{}
	for _, m := range items {
		lp := previousPeriod(m.Period)
		if lp == "" {
			continue
		}
		if zonesOf[lp] == nil {
			zonesOf[lp] = map[string]bool{}
		}
		zonesOf[lp][m.ZoneCode] = true
	}
	out := map[string]*float64{}
	for period, zs := range zonesOf {
		f := indicators.MeasurementFilter{Framework: framework, Period: period, Limit: 1000}
		for z := range zs {
			f.Zones = append(f.Zones, z)
		}
		for {
			page, err := s.svc.ListMeasurements(ctx, f)
			if err != nil {
				return nil, err
			}
			for _, m := range page.Items {
				if m.ApprovedValue != nil {
					out[m.ZoneCode+"\x00"+m.IndicatorCode+"\x00"+m.Period] = m.ApprovedValue
				}
			}
			if page.Next == nil {
				break
			}
			f.After = *page.Next
		}
	}
	return out, nil
}
