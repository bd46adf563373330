package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"gorm.io/gorm"

	"igmc/indicators"
)

// The public site (SPEC §10) shows what an administrator chose to publish
// of a framework. Everything it shows goes through PublishedYears: the
// years it names are scored on the official basis (approved values only),
// and nothing else of the store is read by it.

type publicRow struct {
	FrameworkID int64
	Mode        string
	ChangedBy   string
	ChangedAt   time.Time
}

// PublicSettings lists every framework's publish mode, in code order; a
// framework never set is off.
func (s *Store) PublicSettings(ctx context.Context) ([]indicators.PublicSetting, error) {
	var rows []struct {
		Code      string
		Mode      *string
		ChangedBy *string
		ChangedAt *time.Time
	}
	err := s.rdb.WithContext(ctx).Raw(`SELECT f.code, p.mode, p.changed_by, p.changed_at FROM frameworks f
		LEFT JOIN public_settings p ON p.framework_id = f.id ORDER BY f.code`).Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "public settings")
	}
	out := make([]indicators.PublicSetting, 0, len(rows))
	for _, r := range rows {
		ps := indicators.PublicSetting{Framework: r.Code, Mode: indicators.PublishOff, ChangedAt: r.ChangedAt}
		if r.Mode != nil {
			ps.Mode = indicators.PublishMode(*r.Mode)
		}
		if r.ChangedBy != nil {
			ps.ChangedBy = *r.ChangedBy
		}
		out = append(out, ps)
	}
	return out, nil
}

// PublicMode is a framework's publish mode; NotFound for no such framework.
func (s *Store) PublicMode(ctx context.Context, framework string) (indicators.PublishMode, error) {
	var mode indicators.PublishMode
	err := s.rdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		_, m, err := publicModeTx(tx, framework)
		mode = m
		return err
	})
	return mode, err
}

func publicModeTx(tx *gorm.DB, framework string) (int64, indicators.PublishMode, error) {
	var f frameworkRow
	if err := tx.Where("code = ?", framework).Take(&f).Error; err != nil {
		return 0, "", translate(err, "framework "+quote(framework))
	}
	var row publicRow
	err := tx.Table("public_settings").Where("framework_id = ?", f.ID).Take(&row).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return f.ID, indicators.PublishOff, nil
	case err != nil:
		return 0, "", translate(err, "public settings")
	}
	return f.ID, indicators.PublishMode(row.Mode), nil
}

// SetPublicMode sets what framework shows on the public site, audited.
func (s *Store) SetPublicMode(ctx context.Context, framework string, mode indicators.PublishMode, p *indicators.Principal) (indicators.PublicSetting, error) {
	var out indicators.PublicSetting
	if _, err := indicators.ParsePublishMode(string(mode)); err != nil {
		return out, indicators.FieldsError("the publish mode is not valid", []indicators.FieldError{{Field: "mode", Code: "invalid", Message: err.Error(), Args: map[string]string{"expected": "off, signed_off, approved"}}})
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		scoresUnchanged(tx)
		id, old, err := publicModeTx(tx, framework)
		if err != nil {
			return err
		}
		now := s.Now()
		row := publicRow{FrameworkID: id, Mode: string(mode), ChangedBy: p.Email, ChangedAt: now}
		if err := tx.Table("public_settings").Where("framework_id = ?", id).Delete(&publicRow{}).Error; err != nil {
			return translate(err, "public settings")
		}
		if err := tx.Table("public_settings").Create(&row).Error; err != nil {
			return translate(err, "public settings")
		}
		out = indicators.PublicSetting{Framework: framework, Mode: mode, ChangedBy: p.Email, ChangedAt: &now}
		_, err = s.auditG(tx, func(int64) (event, error) {
			return event{actor: p.Email, entity: "public_setting", entityID: framework, action: "update",
				old: map[string]string{"mode": string(old)}, new: map[string]string{"mode": string(mode)}}, nil
		})
		return err
	})
	return out, err
}

// PublishedYears is the one place that decides which years of framework
// the public site shows, oldest first: none when it is off; the
// signed-off years when it publishes signed-off years only; those and
// every year with an approved value when it publishes approved values
// too. It is kept until the next write.
func (s *Store) PublishedYears(ctx context.Context, framework string) ([]int, error) {
	key := "published:" + framework
	if v, hit := s.cache.sum(key); hit {
		return v.([]int), nil
	}
	gen := s.cache.gen.Load()
	var out []int
	err := s.cacheReader(ctx).Transaction(func(tx *gorm.DB) error {
		id, mode, err := publicModeTx(tx, framework)
		if err != nil || mode == indicators.PublishOff {
			return err
		}
		years, err := publishedYears(tx, id, mode)
		if err != nil {
			return err
		}
		for y := range years {
			out = append(out, y)
		}
		sort.Ints(out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.cache.putSum(key, out, gen)
	return out, nil
}

// publishedYears is the years the site shows in mode, found without
// reading every value of the framework. A year is signed off for the
// public site when every zone with a value of the framework that year
// has a sign-off in force: the site shows a year's cards of every zone at
// once, so a year some zones have not signed off yet waits for them
// rather than showing their unsigned cards. Only the zones without a
// sign-off of a signed year are looked up, each through the values'
// unique index (zone, indicator, period: a period begins with its year).
// Publishing approved values adds every year of the framework
// (framework_years) in which one value has an approved value, each found
// by a query that stops at the first.
func publishedYears(tx *gorm.DB, framework int64, mode indicators.PublishMode) (map[int]bool, error) {
	type zoneYear struct {
		ZoneID int64
		Year   int
	}
	var signed []zoneYear
	if err := tx.Raw(`SELECT zone_id, year FROM signoffs WHERE framework_id = ? AND withdrawn_at IS NULL`, framework).
		Scan(&signed).Error; err != nil {
		return nil, translate(err, "sign-offs")
	}
	out := map[int]bool{}
	bySigned := map[int]map[int64]bool{}
	for _, zy := range signed {
		out[zy.Year] = true
		if bySigned[zy.Year] == nil {
			bySigned[zy.Year] = map[int64]bool{}
		}
		bySigned[zy.Year][zy.ZoneID] = true
	}
	if len(signed) == 0 && mode != indicators.PublishApproved {
		return out, nil
	}
	var ids []int64
	if err := tx.Raw("SELECT id FROM indicators WHERE framework_id = ?", framework).Scan(&ids).Error; err != nil {
		return nil, translate(err, "indicators")
	}
	if len(signed) > 0 {
		var zones []int64
		if err := tx.Raw("SELECT id FROM zones ORDER BY id").Scan(&zones).Error; err != nil {
			return nil, translate(err, "zones")
		}
		for y, in := range bySigned {
			var unsigned []int64
			for _, z := range zones {
				if !in[z] {
					unsigned = append(unsigned, z)
				}
			}
			from, to := fmt.Sprintf("%04d", y), fmt.Sprintf("%04d", y+1)
			for chunk := range slices.Chunk(unsigned, 200) {
				var n int
				if err := tx.Raw(`SELECT COUNT(*) FROM (SELECT 1 FROM measurements WHERE zone_id IN ? AND indicator_id IN ?
					AND period >= ? AND period < ? AND year = ? LIMIT 1) one`, chunk, ids, from, to, y).Scan(&n).Error; err != nil {
					return nil, translate(err, "measurements")
				}
				if n > 0 {
					delete(out, y)
					break
				}
			}
		}
	}
	if mode == indicators.PublishApproved {
		var years []int
		if err := tx.Raw("SELECT year FROM framework_years WHERE framework_id = ?", framework).Scan(&years).Error; err != nil {
			return nil, translate(err, "measurements")
		}
		for _, y := range years {
			if out[y] {
				continue
			}
			var n int
			if err := tx.Raw(`SELECT COUNT(*) FROM (SELECT 1 FROM measurements WHERE indicator_id IN ? AND year = ?
				AND approved_value IS NOT NULL LIMIT 1) one`, ids, y).Scan(&n).Error; err != nil {
				return nil, translate(err, "measurements")
			}
			if n > 0 {
				out[y] = true
			}
		}
	}
	return out, nil
}

// PublicFrameworks lists the frameworks whose public site shows at least
// one year, in code order.
func (s *Store) PublicFrameworks(ctx context.Context) ([]indicators.Framework, error) {
	all, err := s.ListFrameworks(ctx)
	if err != nil {
		return nil, err
	}
	out := []indicators.Framework{}
	for _, f := range all {
		years, err := s.PublishedYears(ctx, f.Code)
		if err != nil {
			return nil, err
		}
		if len(years) > 0 {
			out = append(out, f)
		}
	}
	return out, nil
}

// DataGeneration changes whenever this store sees a write, its own or (on
// PostgreSQL) another instance's: what was read at one generation holds
// until it changes. The public site keeps its pages' figures by it.
func (s *Store) DataGeneration() uint64 { return s.cache.gen.Load() }
