package storage

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"igmc/indicators"
)

const seedKey = "seed.igmc"

// Seed loads the built-in IGMC pilot catalogue the first time it runs on a
// database and records that it did, so that an administrator's later changes
// to the igmc framework — even deleting indicators — are never overwritten.
func (s *Store) Seed(ctx context.Context) (bool, error) {
	// Seeded once, the store says so in one read: every later start skips
	// the built-in catalogue and the write transaction.
	var done metaRow
	if s.db.WithContext(ctx).Where("key = ?", seedKey).Take(&done).Error == nil {
		return false, nil
	}
	cat, err := indicators.PilotCatalogue()
	if err != nil {
		return false, fmt.Errorf("storage: the built-in catalogue is broken: %w", err)
	}
	seeded := false
	err = s.writeCatalogue(ctx, func(tx *gorm.DB) error {
		var m metaRow
		err := tx.Where("key = ?", seedKey).Take(&m).Error
		if err == nil {
			return nil
		}
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return translate(err, "app meta")
		}
		var n int64
		if err := tx.Model(&frameworkRow{}).Where("code = ?", indicators.IGMC.Code).Count(&n).Error; err != nil {
			return translate(err, "frameworks")
		}
		if n == 0 {
			if _, _, err := s.upsertFramework(tx, indicators.IGMC, true); err != nil {
				return err
			}
			if _, err := s.importCatalogue(tx, indicators.IGMC, cat, indicators.System); err != nil {
				return err
			}
			seeded = true
		}
		return translate(tx.Create(&metaRow{Key: seedKey, Value: s.Now().Format("2006-01-02T15:04:05Z")}).Error, "app meta")
	})
	if err != nil {
		return seeded, err
	}
	return seeded, s.seedRules(ctx)
}

const seedRulesKey = "seed.igmc.rules"

// seedRules gives the igmc framework the pilot's validation rules once,
// on a new database and on one made before rules existed, unless it has
// rules already; an administrator's later changes are never overwritten.
func (s *Store) seedRules(ctx context.Context) error {
	rules, err := indicators.PilotRules()
	if err != nil {
		return fmt.Errorf("storage: the built-in rules are broken: %w", err)
	}
	return s.writeCatalogue(ctx, func(tx *gorm.DB) error {
		var m metaRow
		err := tx.Where("key = ?", seedRulesKey).Take(&m).Error
		if err == nil {
			return nil
		}
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return translate(err, "app meta")
		}
		var f frameworkRow
		switch err := tx.Where("code = ?", indicators.IGMC.Code).Take(&f).Error; {
		case err == nil:
			var n int64
			if err := tx.Model(&ruleRow{}).Where("framework_id = ?", f.ID).Count(&n).Error; err != nil {
				return translate(err, "rules")
			}
			if n == 0 {
				if _, err := s.replaceRules(tx, f.ID, f.Code, rules, false, indicators.System); err != nil {
					return err
				}
			}
		case !errors.Is(err, gorm.ErrRecordNotFound):
			return translate(err, "frameworks")
		}
		return translate(tx.Create(&metaRow{Key: seedRulesKey, Value: s.Now().Format("2006-01-02T15:04:05Z")}).Error, "app meta")
	})
}
