package storage

import (
	"context"
	"errors"

	"gorm.io/gorm"

	"igmc/indicators"
)

// ListZones returns every zone by code, with its parent's code.
func (s *Store) ListZones(ctx context.Context) ([]indicators.Zone, error) {
	var out []indicators.Zone
	err := s.reader(ctx).Raw(`SELECT z.code, z.name_en, z.name_zh, COALESCE(p.code, '') AS parent_code, z.zone_type AS type
		FROM zones z LEFT JOIN zones p ON p.id = z.parent_id ORDER BY z.code`).Scan(&out).Error
	if out == nil {
		out = []indicators.Zone{}
	}
	return out, translate(err, "zones")
}

// Zone returns one zone.
func (s *Store) Zone(ctx context.Context, code string) (indicators.Zone, error) {
	var out []indicators.Zone
	err := s.rdb.WithContext(ctx).Raw(`SELECT z.code, z.name_en, z.name_zh, COALESCE(p.code, '') AS parent_code, z.zone_type AS type
		FROM zones z LEFT JOIN zones p ON p.id = z.parent_id WHERE z.code = ?`, code).Scan(&out).Error
	if err != nil {
		return indicators.Zone{}, translate(err, "zone")
	}
	if len(out) == 0 {
		return indicators.Zone{}, indicators.Errorf(indicators.NotFound, "zone %q not found", code)
	}
	return out[0], nil
}

// CreateZone adds one zone; its parent must exist.
func (s *Store) CreateZone(ctx context.Context, z indicators.Zone, p *indicators.Principal) error {
	var errs indicators.FieldErrors
	z.Validate(0, &errs)
	if err := errs.Err("the zone is not valid"); err != nil {
		return err
	}
	return s.write(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&zoneRow{}).Where("code = ?", z.Code).Count(&n).Error; err != nil {
			return translate(err, "zones")
		}
		if n > 0 {
			return indicators.Errorf(indicators.Conflict, "zone %q already exists", z.Code)
		}
		_, err := s.importZones(tx, []indicators.Zone{z}, 0, p)
		return err
	})
}

// ImportZones adds or updates zones by code, all or nothing. A parent may be
// another row of the same file (in any order) or a zone already stored;
// cycles are refused.
func (s *Store) ImportZones(ctx context.Context, zones []indicators.Zone, p *indicators.Principal) (indicators.ZonesResult, error) {
	var res indicators.ZonesResult
	err := s.write(ctx, func(tx *gorm.DB) error {
		var err error
		res, err = s.importZones(tx, zones, 2, p)
		return err
	})
	return res, err
}

// importZones writes zones; firstLine is the file line of zones[0] (0 when
// they come from a request body, where errors carry no line).
func (s *Store) importZones(tx *gorm.DB, zones []indicators.Zone, firstLine int, p *indicators.Principal) (indicators.ZonesResult, error) {
	var res indicators.ZonesResult
	var existing []zoneRow
	if err := tx.Find(&existing).Error; err != nil {
		return res, translate(err, "zones")
	}
	byCode := map[string]*zoneRow{}
	for i := range existing {
		byCode[existing[i].Code] = &existing[i]
	}
	parentOf := map[string]string{}
	for _, r := range existing {
		if r.ParentID != nil {
			for _, p := range existing {
				if p.ID == *r.ParentID {
					parentOf[r.Code] = p.Code
				}
			}
		}
	}
	inFile := map[string]bool{}
	for _, z := range zones {
		inFile[z.Code] = true
		parentOf[z.Code] = z.ParentCode
	}
	var errs indicators.FieldErrors
	line := func(i int) int {
		if firstLine == 0 {
			return 0
		}
		return firstLine + i
	}
	for i, z := range zones {
		if z.ParentCode == "" {
			continue
		}
		if _, ok := byCode[z.ParentCode]; !ok && !inFile[z.ParentCode] {
			errs.AddWith(line(i), "parent_code", "unknown_zone", map[string]string{"value": z.ParentCode}, "parent zone %q does not exist", z.ParentCode)
			continue
		}
		// Walk up from z; meeting z again is a cycle.
		seen := map[string]bool{z.Code: true}
		for p := z.ParentCode; p != ""; p = parentOf[p] {
			if seen[p] {
				errs.AddWith(line(i), "parent_code", "cycle", map[string]string{"zone": z.Code, "value": z.ParentCode}, "zone %q would become its own ancestor through %q", z.Code, z.ParentCode)
				break
			}
			seen[p] = true
		}
	}
	if err := errs.Err("the zones were not imported"); err != nil {
		return res, err
	}
	now := s.Now()
	var changed []indicators.Zone
	// First pass: create or update without parents, so parents can be
	// anywhere in the file; second pass: set parents.
	for _, z := range zones {
		row, ok := byCode[z.Code]
		switch {
		case !ok:
			row = &zoneRow{Code: z.Code, CreatedAt: now}
			byCode[z.Code] = row
			res.New++
		case row.NameEn == z.NameEn && row.NameZh == z.NameZh && row.ZoneType == z.Type && parentCode(existing, row) == z.ParentCode:
			res.Unchanged++
			continue
		default:
			res.Changed++
		}
		changed = append(changed, z)
		row.NameEn, row.NameZh, row.ZoneType, row.UpdatedAt = z.NameEn, z.NameZh, z.Type, now
		if err := tx.Save(row).Error; err != nil {
			return res, translate(err, "zone "+quote(z.Code))
		}
	}
	for _, z := range zones {
		row := byCode[z.Code]
		var parent *int64
		if z.ParentCode != "" {
			id := byCode[z.ParentCode].ID
			parent = &id
		}
		if err := tx.Model(row).Update("parent_id", parent).Error; err != nil {
			return res, translate(err, "zone "+quote(z.Code))
		}
	}
	if len(changed) == 0 {
		return res, nil
	}
	entityID, zone := "", ""
	if len(changed) == 1 {
		entityID, zone = changed[0].Code, changed[0].Code
	}
	_, err := s.auditG(tx, func(int64) (event, error) {
		return event{actor: p.Email, entity: "zone", entityID: entityID, action: "save", zone: zone, new: changed}, nil
	})
	return res, err
}

func parentCode(all []zoneRow, r *zoneRow) string {
	if r.ParentID == nil {
		return ""
	}
	for _, p := range all {
		if p.ID == *r.ParentID {
			return p.Code
		}
	}
	return ""
}

func zoneID(tx *gorm.DB, code string) (int64, error) {
	var row zoneRow
	err := tx.Select("id").Where("code = ?", code).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, indicators.Errorf(indicators.NotFound, "zone %q not found", code)
	}
	return row.ID, translate(err, "zone")
}

// UpdateZone changes a stored zone's names, parent and type; its code
// never changes. The rules are those of the zones file (a known parent, no
// cycle), and the change is audited as a zones import of one zone.
func (s *Store) UpdateZone(ctx context.Context, z indicators.Zone, p *indicators.Principal) error {
	var errs indicators.FieldErrors
	z.Validate(0, &errs)
	if err := errs.Err("the zone is not valid"); err != nil {
		return err
	}
	return s.write(ctx, func(tx *gorm.DB) error {
		if _, err := zoneID(tx, z.Code); err != nil {
			return err
		}
		_, err := s.importZones(tx, []indicators.Zone{z}, 0, p)
		return err
	})
}

// PreviewZones says what ImportZones would do with zones, zone by zone,
// and refuses what it would refuse, without writing anything: the import
// runs in a transaction that is rolled back.
func (s *Store) PreviewZones(ctx context.Context, zones []indicators.Zone, p *indicators.Principal) (indicators.ZonesPreview, error) {
	var out indicators.ZonesPreview
	err := s.transact(ctx, s.db, func(tx *gorm.DB) error {
		var stored []indicators.Zone
		if err := tx.Raw(`SELECT z.code, z.name_en, z.name_zh, COALESCE(p.code, '') AS parent_code, z.zone_type AS type
			FROM zones z LEFT JOIN zones p ON p.id = z.parent_id`).Scan(&stored).Error; err != nil {
			return translate(err, "zones")
		}
		byCode := map[string]indicators.Zone{}
		for _, z := range stored {
			byCode[z.Code] = z
		}
		for _, z := range zones {
			old, ok := byCode[z.Code]
			switch {
			case !ok:
				out.Changes = append(out.Changes, indicators.ZoneChange{New: z})
			case old != z:
				out.Changes = append(out.Changes, indicators.ZoneChange{New: z, Old: &old})
			}
		}
		var err error
		if out.ZonesResult, err = s.importZones(tx, zones, 2, p); err != nil {
			return err
		}
		return errDryRun
	})
	if err == errDryRun {
		err = nil
	}
	return out, err
}
