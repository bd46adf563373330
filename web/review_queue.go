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

// reviewQueue reads one page of the queue. The store filters by framework,
// zone, status and scope; the perspective and the year are filtered here,
// reading on until the page is full.
func (s *Server) reviewQueue(ctx context.Context, p *indicators.Principal, f reviewFilter, inds map[string]*indicators.Indicator, d *reviewData) ([]indicators.Measurement, error) {
	mf := indicators.MeasurementFilter{Framework: f.Framework, Zone: f.Zone, Status: indicators.Submitted, Zones: p.ScopeCodes(), After: f.After}
	keep := func(m *indicators.Measurement) bool {
		if f.Perspective != "" {
			if ind := inds[m.IndicatorCode]; ind == nil || ind.PerspectiveCode != f.Perspective {
				return false
			}
		}
		if f.Year != 0 {
			if per, err := indicators.ParsePeriod(m.Period); err != nil || per.Year != f.Year {
				return false
			}
		}
		return true
	}
	if f.Perspective == "" && f.Year == 0 {
		mf.Limit = reviewPageSize
		page, err := s.svc.ListMeasurements(ctx, mf)
		if err != nil {
			return nil, err
		}
		d.Waiting = page.Total
		if page.Next != nil {
			d.Next = *page.Next
		}
		return page.Items, nil
	}
	mf.Limit = 1000
	var out []indicators.Measurement
	for range reviewScanPages {
		page, err := s.svc.ListMeasurements(ctx, mf)
		if err != nil {
			return nil, err
		}
		d.Waiting = page.Total
		for i := range page.Items {
			if !keep(&page.Items[i]) {
				continue
			}
			out = append(out, page.Items[i])
			if len(out) == reviewPageSize {
				if i < len(page.Items)-1 || page.Next != nil {
					d.Next = page.Items[i].ID
				}
				return out, nil
			}
		}
		if page.Next == nil {
			return out, nil
		}
		mf.After = *page.Next
	}
	d.Next = mf.After
	return out, nil
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
