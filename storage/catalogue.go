package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"strings"

	"gorm.io/gorm"

	"igmc/indicators"
)

// ListFrameworks returns every framework by code.
func (s *Store) ListFrameworks(ctx context.Context) ([]indicators.Framework, error) {
	var rows []frameworkRow
	if err := s.reader(ctx).Order("code").Find(&rows).Error; err != nil {
		return nil, translate(err, "frameworks")
	}
	out := make([]indicators.Framework, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

// Framework returns one framework by code.
func (s *Store) Framework(ctx context.Context, code string) (indicators.Framework, error) {
	var row frameworkRow
	if err := s.rdb.WithContext(ctx).Where("code = ?", code).Take(&row).Error; err != nil {
		return indicators.Framework{}, translate(err, "framework "+quote(code))
	}
	return row.domain(), nil
}

// SaveFramework creates a framework or updates its names, version and grade
// bands; the catalogue stays as it is.
func (s *Store) SaveFramework(ctx context.Context, f indicators.Framework, p *indicators.Principal) error {
	if err := f.Validate(); err != nil {
		return err
	}
	return s.writeCatalogue(ctx, func(tx *gorm.DB) error {
		var before *indicators.Framework
		var old frameworkRow
		if err := tx.Where("code = ?", f.Code).Take(&old).Error; err == nil {
			d := old.domain()
			before = &d
		}
		row, created, err := s.upsertFramework(tx, f, true)
		if err != nil {
			return err
		}
		action := map[bool]string{true: "create", false: "update"}[created]
		_, err = s.auditG(tx, func(int64) (event, error) {
			return event{actor: p.Email, entity: "framework", entityID: f.Code, action: action, old: before, new: row.domain()}, nil
		})
		return err
	})
}

func (s *Store) upsertFramework(tx *gorm.DB, f indicators.Framework, overwrite bool) (frameworkRow, bool, error) {
	var row frameworkRow
	err := tx.Where("code = ?", f.Code).Take(&row).Error
	now := s.Now()
	bands := f.GradeBands
	if bands == nil {
		bands = []indicators.GradeBand{}
	}
	sort.Slice(bands, func(i, j int) bool { return bands[i].Min > bands[j].Min })
	gb, _ := json.Marshal(bands)
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		row = frameworkRow{Code: f.Code, NameEn: f.NameEn, NameZh: f.NameZh, Version: f.Version, GradeBands: string(gb), CreatedAt: now, UpdatedAt: now}
		if row.NameEn == "" {
			row.NameEn = f.Code
		}
		return row, true, translate(tx.Create(&row).Error, "framework "+quote(f.Code))
	case err != nil:
		return row, false, translate(err, "framework "+quote(f.Code))
	}
	if overwrite {
		row.NameEn, row.NameZh, row.Version, row.GradeBands, row.UpdatedAt = f.NameEn, f.NameZh, f.Version, string(gb), now
		if row.NameEn == "" {
			row.NameEn = f.Code
		}
		err = tx.Save(&row).Error
	}
	return row, false, translate(err, "framework "+quote(f.Code))
}

// ImportCatalogue makes cat the catalogue of framework fw, creating the
// framework when it does not exist. Perspectives, categories and indicators
// are matched by code: new ones are added, known ones updated, and those the
// file no longer lists are removed — unless measurements refer to them, in
// which case nothing is written and the error lists them. All in one
// transaction.
func (s *Store) ImportCatalogue(ctx context.Context, fw indicators.Framework, cat *indicators.Catalogue, p *indicators.Principal) (indicators.CatalogueResult, error) {
	res := indicators.CatalogueResult{Framework: fw.Code}
	if !indicators.ValidCode(fw.Code) {
		return res, indicators.Errorf(indicators.Invalid, "framework code %q must be 1-64 letters, digits, '_', '.' or '-'", fw.Code)
	}
	if err := cat.Validate(); err != nil {
		return res, err
	}
	err := s.writeCatalogue(ctx, func(tx *gorm.DB) error {
		var err error
		res, err = s.importCatalogue(tx, fw, cat, p)
		return err
	})
	return res, err
}

func (s *Store) importCatalogue(tx *gorm.DB, fw indicators.Framework, cat *indicators.Catalogue, p *indicators.Principal) (indicators.CatalogueResult, error) {
	res := indicators.CatalogueResult{Framework: fw.Code, Perspectives: len(cat.Perspectives)}
	frow, created, err := s.upsertFramework(tx, fw, false)
	if err != nil {
		return res, err
	}
	res.Created = created
	if err := s.lockFrameworkTx(tx, frow.ID, true); err != nil {
		return res, err
	}
	now := s.Now()

	var oldP []perspectiveRow
	if err := tx.Where("framework_id = ?", frow.ID).Find(&oldP).Error; err != nil {
		return res, translate(err, "perspectives")
	}
	pByCode := map[string]*perspectiveRow{}
	for i := range oldP {
		pByCode[oldP[i].Code] = &oldP[i]
	}
	pID := map[string]int64{}
	cID := map[string]int64{}
	keepP := map[int64]bool{}
	keepC := map[int64]bool{}
	for i, p := range cat.Perspectives {
		row, ok := pByCode[p.Code]
		if !ok {
			row = &perspectiveRow{FrameworkID: frow.ID, Code: p.Code, Weight: 1}
		}
		row.NameEn, row.NameZh, row.Position = p.NameEn, p.NameZh, i
		if p.Weight > 0 {
			row.Weight = p.Weight
		}
		if err := tx.Save(row).Error; err != nil {
			return res, translate(err, "perspective "+quote(p.Code))
		}
		pID[p.Code] = row.ID
		keepP[row.ID] = true
		var oldC []categoryRow
		if err := tx.Where("perspective_id = ?", row.ID).Find(&oldC).Error; err != nil {
			return res, translate(err, "categories")
		}
		cByCode := map[string]*categoryRow{}
		for j := range oldC {
			cByCode[oldC[j].Code] = &oldC[j]
		}
		for j, c := range p.Categories {
			crow, ok := cByCode[c.Code]
			if !ok {
				crow = &categoryRow{PerspectiveID: row.ID, Code: c.Code}
			}
			crow.NameEn, crow.NameZh, crow.Position = c.NameEn, c.NameZh, j
			if err := tx.Save(crow).Error; err != nil {
				return res, translate(err, "category "+quote(c.Code))
			}
			cID[c.Code] = crow.ID
			keepC[crow.ID] = true
			res.Categories++
		}
	}

	var oldI []indicatorRow
	if err := tx.Where("framework_id = ?", frow.ID).Find(&oldI).Error; err != nil {
		return res, translate(err, "indicators")
	}
	iByCode := map[string]*indicatorRow{}
	for i := range oldI {
		iByCode[oldI[i].Code] = &oldI[i]
	}
	inFile := map[string]bool{}
	for i, ind := range cat.Indicators {
		inFile[ind.Code] = true
		row := &indicatorRow{
			FrameworkID: frow.ID, PerspectiveID: pID[ind.PerspectiveCode], Code: ind.Code,
			NameEn: ind.NameEn, NameZh: ind.NameZh, Unit: ind.Unit, UnitZh: ind.UnitZh, Frequency: ind.Frequency, Aggregation: ind.Aggregation,
			Best: ind.Best, Worst: ind.Worst, Green: ind.Green, Red: ind.Red,
			BaselineValue: ind.BaselineValue, BaselineYear: ind.BaselineYear, TargetValue: ind.TargetValue, TargetYear: ind.TargetYear,
			Weight: ind.Weight, Points: ind.Points, MinValue: ind.Min, MaxValue: ind.Max,
			Reference: ind.Reference, Source: ind.Source, SourceZh: ind.SourceZh, Definition: ind.Definition, DefinitionZh: ind.DefinitionZh,
			AppliesTo: strings.Join(ind.AppliesTo, ";"), Position: i,
			CreatedAt: now, UpdatedAt: now,
		}
		if ind.CategoryCode != "" {
			id := cID[ind.CategoryCode]
			row.CategoryID = &id
		}
		old, ok := iByCode[ind.Code]
		switch {
		case !ok:
			res.New++
		case old.sameContent(row):
			res.Unchanged++
			row.UpdatedAt = old.UpdatedAt
		default:
			res.Changed++
		}
		if ok {
			if old.Frequency != row.Frequency {
				var n int64
				if err := tx.Model(&measurementRow{}).Where("indicator_id = ?", old.ID).Count(&n).Error; err != nil {
					return res, translate(err, "measurements")
				}
				if n > 0 {
					return res, indicators.Errorf(indicators.Conflict, "indicator %q has %d measurement(s) at %s frequency: its frequency cannot change to %s", ind.Code, n, old.Frequency, row.Frequency)
				}
			}
			row.ID, row.CreatedAt = old.ID, old.CreatedAt
		}
		if err := tx.Save(row).Error; err != nil {
			return res, translate(err, "indicator "+quote(ind.Code))
		}
	}

	var gone []int64
	var goneCodes []string
	for _, old := range oldI {
		if !inFile[old.Code] {
			gone = append(gone, old.ID)
			goneCodes = append(goneCodes, old.Code)
		}
	}
	if len(gone) > 0 {
		var used []string
		if err := tx.Raw(`SELECT DISTINCT i.code FROM indicators i JOIN measurements m ON m.indicator_id = i.id WHERE i.id IN ? ORDER BY i.code`, gone).Scan(&used).Error; err != nil {
			return res, translate(err, "measurements")
		}
		if len(used) > 0 {
			return res, indicators.Errorf(indicators.Conflict, "the file leaves out indicator(s) that have measurements: %s; keep them in the file or import into a new framework", indicators.Names(used))
		}
		if err := tx.Where("id IN ?", gone).Delete(&indicatorRow{}).Error; err != nil {
			return res, translate(err, "indicators")
		}
		res.Removed = len(goneCodes)
	}
	for _, p := range oldP {
		if keepP[p.ID] {
			var oldC []categoryRow
			if err := tx.Where("perspective_id = ?", p.ID).Find(&oldC).Error; err != nil {
				return res, translate(err, "categories")
			}
			for _, c := range oldC {
				if !keepC[c.ID] {
					if err := tx.Delete(&categoryRow{}, c.ID).Error; err != nil {
						return res, translate(err, "category "+quote(c.Code))
					}
				}
			}
			continue
		}
		if err := tx.Delete(&perspectiveRow{}, p.ID).Error; err != nil {
			return res, translate(err, "perspective "+quote(p.Code))
		}
	}
	// The event records the catalogue's digest: the SHA-256 of the file
	// the catalogue exports as, so an auditor can tell which catalogue was
	// in force.
	var file bytes.Buffer
	if err := indicators.WriteCatalogue(&file, cat); err != nil {
		return res, err
	}
	sum := sha256.Sum256(file.Bytes())
	_, err = s.auditG(tx, func(int64) (event, error) {
		return event{actor: p.Email, entity: "framework", entityID: fw.Code, action: "catalogue_import",
			new: struct {
				indicators.CatalogueResult
				SHA256 string `json:"catalogue_sha256"`
			}{res, hex.EncodeToString(sum[:])}}, nil
	})
	return res, err
}

// Catalogue returns a framework's perspectives, categories and indicators in
// their order.
//
// It is kept until the next change of a catalogue; each caller gets its own
// copy of the lists, so none can change another's.
func (s *Store) Catalogue(ctx context.Context, fw string) (*indicators.Catalogue, error) {
	key := "catalogue:" + fw
	if v, ok := s.cache.catalogue(key); ok {
		return copyCatalogue(v), nil
	}
	gen := s.cache.catGen.Load()
	var cat *indicators.Catalogue
	err := s.cacheReader(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		cat, _, err = loadCatalogue(tx, fw)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.cache.putCatalogue(key, cat, gen)
	return copyCatalogue(cat), nil
}

// copyCatalogue copies a catalogue's lists (the optional numbers of an
// indicator are pointers to values nobody changes in place).
func copyCatalogue(c *indicators.Catalogue) *indicators.Catalogue {
	out := &indicators.Catalogue{Perspectives: slices.Clone(c.Perspectives), Indicators: slices.Clone(c.Indicators)}
	for i := range out.Perspectives {
		out.Perspectives[i].Categories = slices.Clone(out.Perspectives[i].Categories)
	}
	return out
}

// catalogueIDs maps indicator codes to ids and back for one framework.
type catalogueIDs struct {
	frameworkID int64
	indicators  map[string]indicators.IndicatorRef
	codeOf      map[int64]string
}

func loadCatalogue(tx *gorm.DB, fw string) (*indicators.Catalogue, *catalogueIDs, error) {
	var frow frameworkRow
	if err := tx.Where("code = ?", fw).Take(&frow).Error; err != nil {
		return nil, nil, translate(err, "framework "+quote(fw))
	}
	var ps []perspectiveRow
	var cs []categoryRow
	var is []indicatorRow
	if err := tx.Where("framework_id = ?", frow.ID).Order("position, id").Find(&ps).Error; err != nil {
		return nil, nil, translate(err, "perspectives")
	}
	if err := tx.Raw(`SELECT c.* FROM categories c JOIN perspectives p ON p.id = c.perspective_id WHERE p.framework_id = ? ORDER BY c.position, c.id`, frow.ID).Scan(&cs).Error; err != nil {
		return nil, nil, translate(err, "categories")
	}
	if err := tx.Where("framework_id = ?", frow.ID).Order("position, id").Find(&is).Error; err != nil {
		return nil, nil, translate(err, "indicators")
	}
	cat := &indicators.Catalogue{Perspectives: make([]indicators.Perspective, len(ps))}
	pCode := map[int64]string{}
	pIdx := map[int64]int{}
	for i, p := range ps {
		cat.Perspectives[i] = indicators.Perspective{Code: p.Code, NameEn: p.NameEn, NameZh: p.NameZh, Weight: p.Weight, Categories: []indicators.Category{}}
		pCode[p.ID], pIdx[p.ID] = p.Code, i
	}
	cCode := map[int64]string{}
	for _, c := range cs {
		cCode[c.ID] = c.Code
		p := &cat.Perspectives[pIdx[c.PerspectiveID]]
		p.Categories = append(p.Categories, indicators.Category{Code: c.Code, NameEn: c.NameEn, NameZh: c.NameZh})
	}
	ids := &catalogueIDs{frameworkID: frow.ID, indicators: make(map[string]indicators.IndicatorRef, len(is)), codeOf: make(map[int64]string, len(is))}
	// Indicators grouped by perspective order, then their own position.
	sort.SliceStable(is, func(a, b int) bool { return pIdx[is[a].PerspectiveID] < pIdx[is[b].PerspectiveID] })
	cat.Indicators = make([]indicators.Indicator, len(is))
	for i := range is {
		r := &is[i]
		cc := ""
		if r.CategoryID != nil {
			cc = cCode[*r.CategoryID]
		}
		cat.Indicators[i] = r.domain(pCode[r.PerspectiveID], cc)
		ids.indicators[r.Code] = indicators.IndicatorRef{ID: r.ID, Frequency: r.Frequency, Min: r.MinValue, Max: r.MaxValue, Unit: r.Unit, UnitZh: r.UnitZh}
		ids.codeOf[r.ID] = r.Code
	}
	return cat, ids, nil
}

func quote(s string) string { return `"` + s + `"` }
