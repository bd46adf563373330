package storage

import (
	"context"
	"encoding/json"
	"errors"

	"gorm.io/gorm"

	"igmc/indicators"
)

// PreviewCatalogue says what ImportCatalogue would do with cat in the
// framework fw (which may not exist yet), without writing anything:
// which indicators it would add, change and remove, each with the number
// of values stored for it. The import refuses to remove an indicator that
// has values or to change the frequency of one that has values; those are
// listed in Blocked, and such a file would change nothing.
func (s *Store) PreviewCatalogue(ctx context.Context, fw string, cat *indicators.Catalogue) (indicators.CataloguePreview, error) {
	out := indicators.CataloguePreview{CatalogueResult: indicators.CatalogueResult{Framework: fw, Perspectives: len(cat.Perspectives)}}
	if !indicators.ValidCode(fw) {
		return out, indicators.Errorf(indicators.Invalid, "framework code %q must be 1-64 letters, digits, '_', '.' or '-'", fw)
	}
	if err := cat.Validate(); err != nil {
		return out, err
	}
	for _, p := range cat.Perspectives {
		out.Categories += len(p.Categories)
	}
	err := s.rdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		old, ids, err := loadCatalogue(tx, fw)
		var e *indicators.Error
		if errors.As(err, &e) && e.Code == indicators.NotFound {
			out.Created = true
			for _, ind := range cat.Indicators {
				out.Adds = append(out.Adds, lineOf(ind, 0))
			}
			out.New = len(out.Adds)
			return nil
		}
		if err != nil {
			return err
		}
		counts, err := valueCounts(tx, ids.frameworkID)
		if err != nil {
			return err
		}
		stored := map[string]indicators.Indicator{}
		for _, ind := range old.Indicators {
			stored[ind.Code] = ind
		}
		inFile := map[string]bool{}
		for _, ind := range cat.Indicators {
			inFile[ind.Code] = true
			was, ok := stored[ind.Code]
			n := counts[ids.indicators[ind.Code].ID]
			switch {
			case !ok:
				out.New++
				out.Adds = append(out.Adds, lineOf(ind, 0))
			case sameIndicator(was, ind):
				out.Unchanged++
			default:
				out.Changed++
				l := lineOf(ind, n)
				if was.Frequency != ind.Frequency {
					l.From, l.To = was.Frequency, ind.Frequency
					if n > 0 {
						out.Blocked = append(out.Blocked, l)
					}
				}
				out.Changes = append(out.Changes, l)
			}
		}
		for _, ind := range old.Indicators {
			if inFile[ind.Code] {
				continue
			}
			l := lineOf(ind, counts[ids.indicators[ind.Code].ID])
			out.Removals = append(out.Removals, l)
			if l.Values > 0 {
				out.Blocked = append(out.Blocked, l)
			}
		}
		out.Removed = len(out.Removals)
		return nil
	})
	return out, err
}

func lineOf(ind indicators.Indicator, values int64) indicators.CatalogueLine {
	return indicators.CatalogueLine{Code: ind.Code, NameEn: ind.NameEn, NameZh: ind.NameZh, Values: values}
}

// sameIndicator compares two indicators as the store does (every field it
// keeps), an empty list of zone types being no list.
func sameIndicator(a, b indicators.Indicator) bool {
	if len(a.AppliesTo) == 0 {
		a.AppliesTo = nil
	}
	if len(b.AppliesTo) == 0 {
		b.AppliesTo = nil
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// valueCounts counts the stored values (every zone and period, any
// status) of each indicator of a framework.
func valueCounts(tx *gorm.DB, framework int64) (map[int64]int64, error) {
	var rows []struct {
		IndicatorID int64
		N           int64
	}
	err := tx.Raw(`SELECT m.indicator_id, COUNT(*) AS n FROM measurements m JOIN indicators i ON i.id = m.indicator_id
		WHERE i.framework_id = ? GROUP BY m.indicator_id`, framework).Scan(&rows).Error
	out := make(map[int64]int64, len(rows))
	for _, r := range rows {
		out[r.IndicatorID] = r.N
	}
	return out, translate(err, "measurements")
}
