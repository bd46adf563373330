package storage

import (
	"context"
	"time"

	"gorm.io/gorm"

	"igmc/indicators"
)

// QualityReport builds the data-quality report of a framework × year for
// the zones the principal sees (SPEC §8): one pass over the year's
// values, their submissions, the not-applicable marks and the follow-ups.
//
// A value's submission time is when its first version that was submitted
// or approved was written (an approved import counts as submitted then);
// a cell of a quarterly or monthly indicator is late when any of its
// periods is. A cell is warned when a current value of the year carries the
// warnings of its last save; each such value counts as a warning open
// (no explanation yet) or explained.
func (s *Store) QualityReport(ctx context.Context, framework string, year int, p *indicators.Principal) (indicators.QualityReport, error) {
	return s.QualityReportOf(ctx, framework, year, p.ScopeCodes())
}

// QualityReportOf is QualityReport for the zones given (nil: every zone;
// empty: none), as the auditor's bundle asks for it.
func (s *Store) QualityReportOf(ctx context.Context, framework string, year int, zones []string) (indicators.QualityReport, error) {
	rep := indicators.QualityReport{Framework: framework, Year: year, Indicators: []string{}, Zones: []indicators.QualityZone{}}
	if err := indicators.CheckYear(year); err != nil {
		return rep, err
	}
	err := s.cacheReader(ctx).Transaction(func(tx *gorm.DB) error {
		fe, err := s.scoringFramework(tx, framework)
		if err != nil {
			return err
		}
		var cal *indicators.Calendar
		if c, err := calendarOf(tx, framework, year); err == nil {
			cal = &c
			rep.DueOn = c.DueOn
		} else if indicators.CodeOf(err) != indicators.NotFound {
			return err
		}
		zs, err := reportZones(tx, zones)
		if err != nil {
			return err
		}
		g, err := s.qualityGrid(tx, fe, year, cal)
		if err != nil {
			return err
		}
		for _, ind := range fe.fw.Indicators {
			rep.Indicators = append(rep.Indicators, ind.Code)
		}
		for _, z := range zs {
			row := indicators.QualityZone{Zone: z.Code, NameEn: z.NameEn, NameZh: z.NameZh, Cells: make([]indicators.QualityCell, 0, len(fe.fw.Indicators)),
				FollowUpsOpen: g.openByZone[z.ID]}
			submitted, onTime := 0, 0
			for _, ind := range fe.fw.Indicators {
				id := fe.ids[ind.Code]
				k := cellKey{z.ID, id}
				w := g.warned[k]
				cell := indicators.QualityCell{Indicator: ind.Code, State: indicators.CellMissing, Flagged: g.flagged[k],
					Warned: w.open+w.explained > 0, WarningsOpen: w.open, WarningsExplained: w.explained}
				v, has := g.values[k]
				switch {
				case has:
					cell.State, cell.Status = indicators.CellValue, v.status
				case !indicators.AppliesTo(fe.appliesTo[ind.Code], z.ZoneType) || g.notApplicable[k]:
					cell.State = indicators.CellNotApplicable
				}
				if at, ok := g.submitted[k]; ok && cal != nil {
					submitted++
					cell.Late = cal.IsLate(at)
					if !cell.Late {
						onTime++
					}
				}
				row.Counts.Add(cell)
				rep.Totals.Add(cell)
				row.Cells = append(row.Cells, cell)
			}
			if submitted > 0 {
				share := float64(onTime) / float64(submitted)
				row.OnTimeShare = &share
			}
			rep.FollowUpsOpen += row.FollowUpsOpen
			rep.Zones = append(rep.Zones, row)
		}
		return nil
	})
	return rep, err
}

type cellKey struct{ zone, indicator int64 }

type cellValue struct{ status indicators.Status }

// qualityGrid is what the report reads of a framework × year, by zone ×
// indicator.
type qualityGrid struct {
	values        map[cellKey]cellValue
	submitted     map[cellKey]time.Time // latest first submission of the cell's periods
	notApplicable map[cellKey]bool
	flagged       map[cellKey]bool
	openByZone    map[int64]int
	warned        map[cellKey]warnedCount
}

// warnedCount counts a cell's values with stored warnings, without and
// with an explanation.
type warnedCount struct{ open, explained int }

// statusRank orders statuses from the least advanced: a cell shows the
// least advanced status of its periods.
var statusRank = map[indicators.Status]int{indicators.Draft: 0, indicators.Rejected: 1, indicators.Submitted: 2, indicators.Approved: 3}

func (s *Store) qualityGrid(tx *gorm.DB, fe *frameworkEntry, year int, cal *indicators.Calendar) (*qualityGrid, error) {
	g := &qualityGrid{values: map[cellKey]cellValue{}, submitted: map[cellKey]time.Time{}, notApplicable: map[cellKey]bool{},
		flagged: map[cellKey]bool{}, openByZone: map[int64]int{}, warned: map[cellKey]warnedCount{}}
	firstAt := map[int64]time.Time{} // measurement → its first submission
	cellOf := map[int64]cellKey{}
	err := eachRow(tx, `SELECT m.id, m.zone_id, m.indicator_id, m.status, m.updated_at,
		CASE WHEN m.warnings = '' THEN 0 WHEN m.explanation = '' THEN 1 ELSE 2 END
		FROM measurements m JOIN indicators i ON i.id = m.indicator_id
		WHERE i.framework_id = ? AND m.year = ?`, []any{fe.id, year}, func(scan func(...any) error) error {
		var (
			id     int64
			k      cellKey
			status indicators.Status
			at     time.Time
			warned int
		)
		if err := scan(&id, &k.zone, &k.indicator, &status, &at, &warned); err != nil {
			return err
		}
		if warned > 0 {
			w := g.warned[k]
			if warned == 1 {
				w.open++
			} else {
				w.explained++
			}
			g.warned[k] = w
		}
		if v, ok := g.values[k]; !ok || statusRank[status] < statusRank[v.status] {
			g.values[k] = cellValue{status: status}
		}
		cellOf[id] = k
		if status == indicators.Submitted || status == indicators.Approved {
			firstAt[id] = at
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if cal != nil {
		err = eachRow(tx, `SELECT r.measurement_id, r.updated_at FROM measurement_revisions r JOIN measurements m ON m.id = r.measurement_id
			JOIN indicators i ON i.id = m.indicator_id
			WHERE i.framework_id = ? AND m.year = ? AND r.status IN ('submitted', 'approved')`, []any{fe.id, year}, func(scan func(...any) error) error {
			var (
				id int64
				at time.Time
			)
			if err := scan(&id, &at); err != nil {
				return err
			}
			if prev, ok := firstAt[id]; !ok || at.Before(prev) {
				firstAt[id] = at
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		for id, at := range firstAt {
			k := cellOf[id]
			if prev, ok := g.submitted[k]; !ok || at.After(prev) {
				g.submitted[k] = at
			}
		}
	}
	err = eachRow(tx, `SELECT a.zone_id, a.indicator_id FROM applicability_marks a JOIN indicators i ON i.id = a.indicator_id
		WHERE i.framework_id = ? AND a.status = 'approved'`, []any{fe.id}, func(scan func(...any) error) error {
		var k cellKey
		if err := scan(&k.zone, &k.indicator); err != nil {
			return err
		}
		g.notApplicable[k] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(tx, `SELECT zone_id, indicator_id FROM follow_ups WHERE framework_id = ? AND year = ? AND resolved_at IS NULL`,
		[]any{fe.id, year}, func(scan func(...any) error) error {
			var k cellKey
			if err := scan(&k.zone, &k.indicator); err != nil {
				return err
			}
			g.flagged[k] = true
			g.openByZone[k.zone]++
			return nil
		})
	return g, err
}

// eachRow runs a query and calls fn with each row's scanner.
func eachRow(tx *gorm.DB, q string, args []any, fn func(scan func(...any) error) error) error {
	rows, err := tx.Raw(q, args...).Rows()
	if err != nil {
		return translate(err, "quality report")
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return translate(err, "quality report")
		}
	}
	return translate(rows.Err(), "quality report")
}

// reportZones are the zones of codes (nil: all), by code.
func reportZones(tx *gorm.DB, codes []string) ([]zoneRow, error) {
	q := tx.Order("code")
	if codes != nil {
		if len(codes) == 0 {
			return nil, nil
		}
		q = q.Where("code IN ?", codes)
	}
	var zs []zoneRow
	return zs, translate(q.Find(&zs).Error, "zones")
}
