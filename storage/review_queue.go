package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"

	"gorm.io/gorm"

	"igmc/indicators"
)

// reviewSelect reads the submitted values with last year's approved value
// of the same zone, indicator and period a year earlier (year − 1 and the
// same "-Q3" or "-07" tail: years have four digits, so the period is
// found by the unique index), the indicator's plausible range and the base
// the change is measured against (the value in force, else last year's).
const reviewSelect = `SELECT m.id, f.code AS framework_code, z.code AS zone_code, i.code AS indicator_code,
	m.period, m.value, m.source, m.comment, m.status, m.entered_by, m.reviewed_by, m.review_comment, m.approved_value,
	m.version, m.created_at, m.updated_at, m.quality, m.warnings AS warnings_json, m.explanation,
	ly.approved_value AS last_year, i.min_value AS min_value, i.max_value AS max_value,
	COALESCE(m.approved_value, ly.approved_value) AS base
	FROM measurements m
	JOIN zones z ON z.id = m.zone_id
	JOIN indicators i ON i.id = m.indicator_id
	JOIN frameworks f ON f.id = i.framework_id
	LEFT JOIN measurements ly ON ly.zone_id = m.zone_id AND ly.indicator_id = m.indicator_id
		AND ly.period = CAST(m.year - 1 AS TEXT) || substr(m.period, 5)`

// The sort keys of the queue, over the columns of reviewSelect (as q).
// They follow indicators.ReviewItem's Change and Warn: rank puts a value
// that grows from 0 first and one without a base last; size is the
// relative change, 0 when it has none; warned is 0 for a value with a
// warning. CASE keeps both engines from dividing by 0. Values with the
// stored warnings of the data-quality checks come before those with only
// the queue's own marks (checked is 0 for them).
var (
	reviewRank   = `CASE WHEN q.base IS NULL THEN 2 WHEN q.base = 0 AND q.value <> 0 THEN 0 ELSE 1 END`
	reviewSize   = `CASE WHEN q.base IS NULL OR q.base = 0 THEN 0 ELSE ABS(q.value - q.base) / ABS(q.base) END`
	reviewWarned = `CASE WHEN (q.min_value IS NOT NULL AND q.value < q.min_value) OR (q.max_value IS NOT NULL AND q.value > q.max_value)
		OR (q.base = 0 AND q.value <> 0) OR (` + reviewSize + `) >= ` + strconv.FormatFloat(indicators.LargeChange, 'g', -1, 64) + ` OR q.warnings_json <> '' THEN 0 ELSE 1 END`
	reviewChecked = `CASE WHEN q.warnings_json <> '' THEN 0 ELSE 1 END`
)

// reviewOrderBy is the ORDER BY of an order; codes compare byte by byte on
// both engines.
func (s *Store) reviewOrderBy(o indicators.ReviewOrder) string {
	c := ""
	if s.engine == Postgres {
		c = ` COLLATE "C"`
	}
	switch o {
	case indicators.OrderChange:
		return reviewRank + ", " + reviewSize + " DESC, q.id"
	case indicators.OrderZone:
		return "q.zone_code" + c + ", q.indicator_code" + c + ", q.period" + c + ", q.id"
	case indicators.OrderWarnings:
		return reviewChecked + ", " + reviewWarned + ", " + reviewRank + ", " + reviewSize + " DESC, q.id"
	}
	return "q.updated_at, q.id"
}

// reviewQueueRow is a row of reviewSelect.
type reviewQueueRow struct {
	M        measurementScan `gorm:"embedded"`
	LastYear *float64
	MinValue *float64
	MaxValue *float64
}

// queueFilter is the filter of the queue: submitted values only.
func queueFilter(f indicators.MeasurementFilter) indicators.MeasurementFilter {
	f.Status, f.After, f.Limit = indicators.Submitted, 0, 0
	return f
}

// ReviewQueue returns one page of the submitted values q's filter selects,
// in q's order, each with what it would replace and its warnings, and how
// many the whole selection holds. An offset past the end gives the last
// page, so a reviewer who decided the last values of a page lands on the
// page before.
func (s *Store) ReviewQueue(ctx context.Context, q indicators.ReviewQuery) (indicators.ReviewPage, error) {
	page := indicators.ReviewPage{Items: []indicators.ReviewItem{}}
	if q.Limit <= 0 || q.Limit > 1000 {
		q.Limit = 100
	}
	where, args := measurementWhere(queueFilter(q.Filter))
	err := s.reader(ctx).Transaction(func(tx *gorm.DB) error {
		countSQL := `SELECT COUNT(*) FROM measurements m JOIN zones z ON z.id = m.zone_id JOIN indicators i ON i.id = m.indicator_id JOIN frameworks f ON f.id = i.framework_id` + where
		if err := tx.Raw(countSQL, args...).Scan(&page.Total).Error; err != nil {
			return translate(err, "review queue")
		}
		page.Offset = max(q.Offset, 0)
		if last := int((page.Total - 1) / int64(q.Limit) * int64(q.Limit)); page.Total > 0 && page.Offset > last {
			page.Offset = last
		}
		var rows []reviewQueueRow
		sql := `SELECT q.* FROM (` + reviewSelect + where + `) q ORDER BY ` + s.reviewOrderBy(q.Order) + ` LIMIT ? OFFSET ?`
		if err := tx.Raw(sql, append(args, q.Limit, page.Offset)...).Scan(&rows).Error; err != nil {
			return translate(err, "review queue")
		}
		for _, r := range rows {
			it := indicators.ReviewItem{Measurement: r.M.measurement(), LastYear: r.LastYear, Min: r.MinValue, Max: r.MaxValue}
			if p, err := indicators.ParsePeriod(r.M.Period); err == nil && p.Year > indicators.MinYear {
				p.Year--
				it.LastPeriod = p.String()
			}
			it.Warn()
			page.Items = append(page.Items, it)
		}
		return nil
	})
	return page, err
}

// ReviewSelectionOf counts the submitted values filter selects and digests
// their ids and versions, for a reviewer to confirm a decision on all of
// them.
func (s *Store) ReviewSelectionOf(ctx context.Context, f indicators.MeasurementFilter) (indicators.ReviewSelection, error) {
	var sel indicators.ReviewSelection
	err := s.rdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		sel, _, err = s.selection(tx, f, false)
		return err
	})
	return sel, err
}

// selection reads the ids and versions of the submitted values filter
// selects, oldest id first, with their count and digest; lock locks them
// (PostgreSQL) so that none changes before the transaction ends.
func (s *Store) selection(tx *gorm.DB, f indicators.MeasurementFilter, lock bool) (indicators.ReviewSelection, []int64, error) {
	where, args := measurementWhere(queueFilter(f))
	sql := `SELECT m.id, m.version FROM measurements m JOIN zones z ON z.id = m.zone_id JOIN indicators i ON i.id = m.indicator_id JOIN frameworks f ON f.id = i.framework_id` + where + ` ORDER BY m.id`
	if lock && s.engine == Postgres {
		sql += " FOR UPDATE OF m"
	}
	var rows []struct {
		ID      int64
		Version int
	}
	if err := tx.Raw(sql, args...).Scan(&rows).Error; err != nil {
		return indicators.ReviewSelection{}, nil, translate(err, "review selection")
	}
	h := sha256.New()
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
		fmt.Fprintf(h, "%d:%d\n", r.ID, r.Version)
	}
	return indicators.ReviewSelection{Count: int64(len(rows)), Digest: hex.EncodeToString(h.Sum(nil))[:32]}, ids, nil
}

// ReviewAll approves or rejects every submitted value filter selects, all
// or nothing, as Review does each (audited, in scope, not one's own entry,
// its period open). seen is the selection the reviewer confirmed: when the
// values selected now are not those (one added, decided or resubmitted
// since), nothing changes and the error, a conflict, comes with the
// selection as it is now. At most indicators.MaxReviewAll values.
func (s *Store) ReviewAll(ctx context.Context, f indicators.MeasurementFilter, action indicators.ReviewAction, comment string, seen indicators.ReviewSelection, p *indicators.Principal) ([]indicators.Measurement, indicators.ReviewSelection, error) {
	var now indicators.ReviewSelection
	if action != indicators.ActionApprove && action != indicators.ActionReject {
		return nil, now, indicators.Errorf(indicators.Invalid, "storage: a selection is approved or rejected, not %q", string(action))
	}
	if err := checkReview(action, comment, p); err != nil {
		return nil, now, err
	}
	var out []indicators.Measurement
	err := s.write(ctx, func(tx *gorm.DB) error {
		summariesNarrowed(tx)
		var ids []int64
		var err error
		now, ids, err = s.selection(tx, f, true)
		switch {
		case err != nil:
			return err
		case now != seen:
			return indicators.Errorf(indicators.Conflict, "the selection changed since it was confirmed: it holds %d values now, you confirmed %d", now.Count, seen.Count)
		case len(ids) > indicators.MaxReviewAll:
			return indicators.Errorf(indicators.Invalid, "the selection holds %d values, more than the %d decided at once: narrow it", len(ids), indicators.MaxReviewAll)
		}
		out, err = s.reviewTx(tx, ids, action, comment, p)
		return err
	})
	return out, now, err
}
