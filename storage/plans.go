package storage

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strconv"
	"time"

	"gorm.io/gorm"

	"igmc/indicators"
	"igmc/scoring"
)

// Zone plans (SPEC §2.2): each zone × framework has numbered versions of
// its plan; every import or edit that changes a zone's entries adds a
// version, and a reviewer of the zone adopts one. Official scorecards use
// the highest adopted version, the working view the highest version.

type planVersionRow struct {
	ID           int64
	FrameworkID  int64
	ZoneID       int64
	Version      int
	CreatedBy    string
	Comment      string
	CreatedAt    time.Time
	AuditEventID *int64
	AdoptedBy    string
	AdoptComment string
	AdoptedAt    *time.Time
	AdoptEventID *int64
	Lines        string
}

func (planVersionRow) TableName() string { return "plan_versions" }

type planEntryRow struct {
	PlanVersionID int64
	IndicatorID   int64
	Kind          indicators.PlanKind
	Year          int
	Value         float64
}

func (planEntryRow) TableName() string { return "plan_entries" }

// ImportPlans reads a plan file (header included) into a framework, all or
// nothing: each zone the file names gets the file's entries for it as a
// new version of its plan, unless they are the entries of its latest
// version already. Each new version is one audit event. Officers may
// import the plans of their zones, administrators any.
func (s *Store) ImportPlans(ctx context.Context, rd indicators.RowReader, opts indicators.PlanImportOptions) (indicators.PlanImportResult, error) {
	res := indicators.PlanImportResult{DryRun: opts.DryRun, Versions: map[string]int{}}
	if opts.By == nil {
		opts.By = indicators.System
	}
	if opts.By.Role != indicators.RoleAdmin && opts.By.Role != indicators.RoleOfficer {
		return res, indicators.Errorf(indicators.Forbidden, "your role (%s) may not edit plans", opts.By.Role)
	}
	if err := indicators.CheckNote("comment", opts.Comment); err != nil {
		return res, err
	}
	var (
		fwID  int64
		zones = map[string]int64{}
		inds  map[string]indicators.IndicatorRef
	)
	err := s.rdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		_, ids, err := loadCatalogue(tx, opts.Framework)
		if err != nil {
			return err
		}
		fwID, inds = ids.frameworkID, ids.indicators
		var rows []zoneRow
		if err := tx.Select("id, code").Find(&rows).Error; err != nil {
			return translate(err, "zones")
		}
		for _, z := range rows {
			zones[z.Code] = z.ID
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	chk := indicators.PlanChecker{Zones: map[string]bool{}, Indicators: map[string]bool{}, Zone: opts.Zone, MayEdit: opts.By.MayEditPlan}
	for z := range zones {
		chk.Zones[z] = true
	}
	for i := range inds {
		chk.Indicators[i] = true
	}
	byZone, rows, err := chk.Read(rd)
	if err != nil {
		return res, err
	}
	res.Rows, res.Zones = rows, len(byZone)
	codes := make([]string, 0, len(byZone))
	for z := range byZone {
		codes = append(codes, z)
	}
	sort.Strings(codes)
	apply := func(tx *gorm.DB, write bool) error {
		res.Unchanged, res.Versions = 0, map[string]int{}
		for _, z := range codes {
			v, err := s.savePlan(tx, fwID, opts.Framework, z, zones[z], inds, byZone[z], opts, write)
			if err != nil {
				return err
			}
			if v == 0 {
				res.Unchanged++
			} else {
				res.Versions[z] = v
			}
		}
		return nil
	}
	if opts.DryRun {
		return res, s.rdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return apply(tx, false) })
	}
	return res, s.write(ctx, func(tx *gorm.DB) error { return apply(tx, true) })
}

// savePlan makes a new version of one zone's plan unless its latest
// version has the same entries, and returns its number (0: unchanged).
// Without write it only says what it would do.
func (s *Store) savePlan(tx *gorm.DB, fwID int64, fw, zone string, zoneID int64, inds map[string]indicators.IndicatorRef,
	entries []indicators.PlanEntry, opts indicators.PlanImportOptions, write bool) (int, error) {
	rows := make([]planEntryRow, len(entries))
	for i, e := range entries {
		rows[i] = planEntryRow{IndicatorID: inds[e.IndicatorCode].ID, Kind: e.Kind, Year: e.Year, Value: e.Value}
	}
	sortEntryRows(rows)
	var latest []planVersionRow
	if err := tx.Where("framework_id = ? AND zone_id = ?", fwID, zoneID).Order("version DESC").Limit(1).Find(&latest).Error; err != nil {
		return 0, translate(err, "plan versions")
	}
	next := 1
	if len(latest) == 1 {
		var old []planEntryRow
		if err := tx.Where("plan_version_id = ?", latest[0].ID).Find(&old).Error; err != nil {
			return 0, translate(err, "plan entries")
		}
		for i := range old {
			old[i].PlanVersionID = 0
		}
		sortEntryRows(old)
		if slices.Equal(old, rows) {
			return 0, nil
		}
		next = latest[0].Version + 1
	}
	if err := checkPlanNotSignedOff(tx, fwID, zone, "its plan"); err != nil {
		return 0, err
	}
	if !write {
		return next, nil
	}
	v := planVersionRow{FrameworkID: fwID, ZoneID: zoneID, Version: next, CreatedBy: opts.By.Email, Comment: opts.Comment,
		CreatedAt: s.Now().UTC().Truncate(time.Microsecond), Lines: encodeLines(rows)}
	if err := tx.Create(&v).Error; err != nil {
		return 0, translate(err, "plan version")
	}
	for i := range rows {
		rows[i].PlanVersionID = v.ID
	}
	if err := tx.CreateInBatches(rows, 500).Error; err != nil {
		return 0, translate(err, "plan entries")
	}
	ev, err := s.auditG(tx, func(int64) (event, error) {
		return event{actor: opts.By.Email, entity: "plan", entityID: fw + "/" + zone, action: "save", zone: zone, reason: opts.Comment,
			new: planEvent{Framework: fw, Zone: zone, Version: next, VersionID: v.ID, Entries: len(rows), Digest: planHash(&v, rows, false)}}, nil
	})
	if err != nil {
		return 0, err
	}
	return next, translate(tx.Model(&v).Update("audit_event_id", ev).Error, "plan version")
}

// planEvent is what the audit event of a plan version's creation or
// adoption records.
type planEvent struct {
	Framework string `json:"framework_code"`
	Zone      string `json:"zone_code"`
	Version   int    `json:"version"`
	VersionID int64  `json:"plan_version_id"`
	Entries   int    `json:"entries"`
	Digest    string `json:"plan_digest"`
}

func sortEntryRows(rows []planEntryRow) {
	sort.Slice(rows, func(a, b int) bool {
		x, y := rows[a], rows[b]
		if x.IndicatorID != y.IndicatorID {
			return x.IndicatorID < y.IndicatorID
		}
		if x.Kind != y.Kind {
			return x.Kind < y.Kind
		}
		return x.Year < y.Year
	})
}

// ZonePlan returns a zone's plan for a framework: on the official basis
// its highest adopted version, on the working basis its highest version.
// A zone without such a version is not found.
func (s *Store) ZonePlan(ctx context.Context, framework, zone string, basis scoring.Basis) (indicators.ZonePlan, error) {
	var out indicators.ZonePlan
	if basis == "" {
		basis = scoring.BasisOfficial
	}
	err := s.cacheReader(ctx).Transaction(func(tx *gorm.DB) error {
		fe, err := s.scoringFramework(tx, framework)
		if err != nil {
			return err
		}
		zid, err := zoneID(tx, zone)
		if err != nil {
			return err
		}
		out, err = s.loadPlan(tx, fe, framework, zone, zid, basis, 0)
		return err
	})
	return out, err
}

// loadPlan reads one version (0: the latest on the basis) with the
// zone's latest and adopted version numbers.
func (s *Store) loadPlan(tx *gorm.DB, fe *frameworkEntry, framework, zone string, zid int64, basis scoring.Basis, version int) (indicators.ZonePlan, error) {
	out := indicators.ZonePlan{Framework: framework, Zone: zone, Entries: []indicators.PlanEntry{}}
	var all []planVersionRow
	if err := tx.Where("framework_id = ? AND zone_id = ?", fe.id, zid).Order("version").Find(&all).Error; err != nil {
		return out, translate(err, "plan versions")
	}
	var pick *planVersionRow
	for i := range all {
		v := &all[i]
		out.LatestVersion = v.Version
		if v.AdoptEventID != nil {
			n := v.Version
			out.AdoptedVersion = &n
		}
		switch {
		case version != 0 && v.Version == version,
			version == 0 && (basis == scoring.BasisWorking || v.AdoptEventID != nil):
			pick = v
		}
	}
	if pick == nil {
		if version != 0 {
			return out, indicators.Errorf(indicators.NotFound, "zone %q has no version %d of its plan for framework %q", zone, version, framework)
		}
		if basis == scoring.BasisOfficial && len(all) > 0 {
			return out, indicators.Errorf(indicators.NotFound, "zone %q has no adopted plan for framework %q yet", zone, framework)
		}
		return out, indicators.Errorf(indicators.NotFound, "zone %q has no plan for framework %q", zone, framework)
	}
	out.Version, out.CreatedBy, out.CreatedAt, out.Comment = pick.Version, pick.CreatedBy, pick.CreatedAt.UTC(), pick.Comment
	out.AdoptedBy, out.AdoptComment = pick.AdoptedBy, pick.AdoptComment
	if pick.AdoptedAt != nil {
		t := pick.AdoptedAt.UTC()
		out.AdoptedAt = &t
	}
	var rows []planEntryRow
	if err := tx.Where("plan_version_id = ?", pick.ID).Find(&rows).Error; err != nil {
		return out, translate(err, "plan entries")
	}
	for _, r := range rows {
		if code := fe.code[r.IndicatorID]; code != "" {
			out.Entries = append(out.Entries, indicators.PlanEntry{ZoneCode: zone, IndicatorCode: code, Kind: r.Kind, Year: r.Year, Value: r.Value})
		}
	}
	indicators.SortPlanEntries(out.Entries)
	return out, nil
}

// AdoptPlan adopts a version of a zone's plan, with the reviewer's
// comment, as one audit event. Only an administrator or a reviewer of the
// zone may (indicators.May with ActionAdoptPlan); a version older than the one in
// force, or already adopted, is refused.
func (s *Store) AdoptPlan(ctx context.Context, framework, zone string, version int, comment string, p *indicators.Principal) (indicators.ZonePlan, error) {
	var out indicators.ZonePlan
	if !p.MayAdoptPlan(zone) {
		return out, indicators.Errorf(indicators.Forbidden, "only a reviewer of zone %q may adopt its plan", zone)
	}
	if comment == "" {
		return out, indicators.FieldsError("an adoption needs a comment", []indicators.FieldError{{Field: "comment", Code: "required", Message: "comment is required to adopt a plan"}})
	}
	if err := indicators.CheckNote("comment", comment); err != nil {
		return out, err
	}
	if version < 1 {
		return out, indicators.FieldsError("the version is not valid", []indicators.FieldError{{Field: "version", Code: "invalid", Message: "version must be a plan version number, 1 or more"}})
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		fe, err := s.scoringFramework(tx, framework)
		if err != nil {
			return err
		}
		zid, err := zoneID(tx, zone)
		if err != nil {
			return err
		}
		if err := checkPlanNotSignedOff(tx, fe.id, zone, "its plan"); err != nil {
			return err
		}
		// An adopted plan changes only this zone's official cards.
		summariesNarrowed(tx)
		staleSummary(tx, fe.id, zid)
		var v planVersionRow
		err = tx.Where("framework_id = ? AND zone_id = ? AND version = ?", fe.id, zid, version).Take(&v).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return indicators.Errorf(indicators.NotFound, "zone %q has no version %d of its plan for framework %q", zone, version, framework)
		}
		if err != nil {
			return translate(err, "plan version")
		}
		if v.AdoptEventID != nil {
			return indicators.Errorf(indicators.Conflict, "version %d of the plan of zone %q is already adopted", version, zone)
		}
		var newer int64
		if err := tx.Model(&planVersionRow{}).Where("framework_id = ? AND zone_id = ? AND version > ? AND adopt_event_id IS NOT NULL", fe.id, zid, version).Count(&newer).Error; err != nil {
			return translate(err, "plan versions")
		}
		if newer > 0 {
			return indicators.Errorf(indicators.Conflict, "a later version of the plan of zone %q is already adopted", zone)
		}
		var rows []planEntryRow
		if err := tx.Where("plan_version_id = ?", v.ID).Find(&rows).Error; err != nil {
			return translate(err, "plan entries")
		}
		at := s.Now().UTC().Truncate(time.Microsecond)
		v.AdoptedBy, v.AdoptComment, v.AdoptedAt = p.Email, comment, &at
		ev, err := s.auditG(tx, func(int64) (event, error) {
			return event{actor: p.Email, entity: "plan", entityID: framework + "/" + zone, action: "adopt", zone: zone, reason: comment,
				new: planEvent{Framework: framework, Zone: zone, Version: version, VersionID: v.ID, Entries: len(rows), Digest: planHash(&v, rows, true)}}, nil
		})
		if err != nil {
			return err
		}
		if err := tx.Model(&v).Updates(map[string]any{"adopted_by": v.AdoptedBy, "adopt_comment": v.AdoptComment, "adopted_at": at, "adopt_event_id": ev}).Error; err != nil {
			return translate(err, "plan version")
		}
		out, err = s.loadPlan(tx, fe, framework, zone, zid, scoring.BasisWorking, version)
		return err
	})
	return out, err
}

// planHash is the SHA-256 of a plan version's canonical content: its ids,
// number, author and comment, its entries in order and, with adopted, the
// adoption (who, when, the comment). The creation event records it
// without the adoption, the adoption event with it.
func planHash(v *planVersionRow, rows []planEntryRow, adopted bool) string {
	fields := []string{strconv.FormatInt(v.ID, 10), strconv.FormatInt(v.FrameworkID, 10), strconv.FormatInt(v.ZoneID, 10),
		strconv.Itoa(v.Version), v.CreatedBy, v.Comment}
	sorted := slices.Clone(rows)
	sortEntryRows(sorted)
	for _, r := range sorted {
		fields = append(fields, strconv.FormatInt(r.IndicatorID, 10), string(r.Kind), strconv.Itoa(r.Year), strconv.FormatFloat(r.Value, 'f', -1, 64))
	}
	if adopted {
		at := ""
		if v.AdoptedAt != nil {
			at = v.AdoptedAt.UTC().Format("2006-01-02T15:04:05.000000Z")
		}
		fields = append(fields, "adopted", v.AdoptedBy, v.AdoptComment, at)
	}
	return fieldsHash(fields)
}
