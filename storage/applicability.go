package storage

import (
	"context"
	"errors"
	"sort"
	"time"

	"gorm.io/gorm"

	"igmc/indicators"
)

// Applicability (SPEC §2.2): an indicator does not apply to a zone when
// its applies_to leaves out the zone's type, or when the zone marks it not
// applicable with a reason and a reviewer of the zone approves the mark.

type applicabilityRow struct {
	ID            int64
	ZoneID        int64
	IndicatorID   int64
	Reason        string
	Status        indicators.Status
	MarkedBy      string
	MarkedAt      time.Time
	ReviewedBy    string
	ReviewComment string
	ReviewedAt    *time.Time
}

func (applicabilityRow) TableName() string { return "applicability_marks" }

func (r *applicabilityRow) domain(fw, zone, indicator string) indicators.Applicability {
	a := indicators.Applicability{Framework: fw, Zone: zone, Indicator: indicator, Source: indicators.FromMark, Reason: r.Reason,
		Status: r.Status, MarkedBy: r.MarkedBy, ReviewedBy: r.ReviewedBy, ReviewComment: r.ReviewComment}
	at := r.MarkedAt.UTC()
	a.MarkedAt = &at
	if r.ReviewedAt != nil {
		t := r.ReviewedAt.UTC()
		a.ReviewedAt = &t
	}
	return a
}

// Applicability lists what does not apply to a zone in a framework: the
// indicators its type leaves out, then its marks whatever their status,
// by indicator code.
func (s *Store) Applicability(ctx context.Context, framework, zone string) ([]indicators.Applicability, error) {
	out := []indicators.Applicability{}
	err := s.cacheReader(ctx).Transaction(func(tx *gorm.DB) error {
		fe, z, err := s.zoneOf(tx, framework, zone)
		if err != nil {
			return err
		}
		for _, ind := range fe.fw.Indicators {
			if at := fe.appliesTo[ind.Code]; !indicators.AppliesTo(at, z.ZoneType) {
				out = append(out, indicators.Applicability{Framework: framework, Zone: zone, Indicator: ind.Code,
					Source: indicators.FromZoneType, Reason: indicators.ZoneTypeReason(z.ZoneType)})
			}
		}
		var rows []applicabilityRow
		if err := tx.Where("zone_id = ? AND indicator_id IN ?", z.ID, idsOf(fe)).Find(&rows).Error; err != nil {
			return translate(err, "applicability")
		}
		sort.Slice(rows, func(a, b int) bool { return fe.code[rows[a].IndicatorID] < fe.code[rows[b].IndicatorID] })
		for i := range rows {
			out = append(out, rows[i].domain(framework, zone, fe.code[rows[i].IndicatorID]))
		}
		return nil
	})
	return out, err
}

// MarkNotApplicable records that an indicator does not apply to a zone,
// with the reason, awaiting a reviewer (a mark already there is given
// again: it awaits review anew). Officers of the zone and administrators
// may (indicators.May with ActionEditPlan). It is one audit event.
func (s *Store) MarkNotApplicable(ctx context.Context, framework, zone, indicator, reason string, p *indicators.Principal) (indicators.Applicability, error) {
	var out indicators.Applicability
	if !p.MayEditPlan(zone) {
		return out, indicators.Errorf(indicators.Forbidden, "only an officer of zone %q may mark its indicators not applicable", zone)
	}
	if reason == "" {
		return out, indicators.FieldsError("a mark needs a reason", []indicators.FieldError{{Field: "reason", Code: "required", Message: "reason is required: say why the indicator does not apply"}})
	}
	if err := indicators.CheckNote("reason", reason); err != nil {
		return out, err
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		summariesNarrowed(tx)
		row, _, err := s.markOf(tx, framework, zone, indicator)
		if err != nil {
			return err
		}
		old := row
		row.Reason, row.Status, row.MarkedBy = reason, indicators.Submitted, p.Email
		row.MarkedAt, row.ReviewedBy, row.ReviewComment, row.ReviewedAt = s.Now().UTC(), "", "", nil
		if err := tx.Save(&row).Error; err != nil {
			return translate(err, "applicability")
		}
		out = row.domain(framework, zone, indicator)
		var was any
		if old.ID != 0 {
			was = old.domain(framework, zone, indicator)
		}
		_, err = s.auditG(tx, func(int64) (event, error) {
			return event{actor: p.Email, entity: "applicability", entityID: framework + "/" + zone + "/" + indicator, action: "mark", zone: zone,
				old: was, new: out, reason: reason}, nil
		})
		return err
	})
	return out, err
}

// ReviewApplicability approves or rejects a zone's mark that awaits
// review; a rejection needs a comment. Reviewers of the zone and
// administrators may (indicators.May with ActionAdoptPlan), but not on a mark they
// made themselves (unless administrators). It is one audit event.
func (s *Store) ReviewApplicability(ctx context.Context, framework, zone, indicator string, approve bool, comment string, p *indicators.Principal) (indicators.Applicability, error) {
	var out indicators.Applicability
	if !p.MayAdoptPlan(zone) {
		return out, indicators.Errorf(indicators.Forbidden, "only a reviewer of zone %q may review its applicability", zone)
	}
	if err := indicators.CheckNote("comment", comment); err != nil {
		return out, err
	}
	if !approve && comment == "" {
		return out, indicators.FieldsError("a rejection needs a comment", []indicators.FieldError{{Field: "comment", Code: "required", Message: "comment is required to reject: say why the indicator applies"}})
	}
	action, status := "approve", indicators.Approved
	if !approve {
		action, status = "reject", indicators.Rejected
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		summariesNarrowed(tx)
		row, found, err := s.markOf(tx, framework, zone, indicator)
		if err != nil {
			return err
		}
		if !found {
			return indicators.Errorf(indicators.NotFound, "zone %q has not marked indicator %q not applicable", zone, indicator)
		}
		if row.Status != indicators.Submitted {
			return indicators.Errorf(indicators.Conflict, "the mark of indicator %q is %s: only a mark awaiting review can be reviewed", indicator, row.Status)
		}
		if row.MarkedBy == p.Email && p.Role != indicators.RoleAdmin {
			return indicators.Errorf(indicators.Forbidden, "you marked indicator %q yourself: another reviewer must %s it", indicator, action)
		}
		old := row.domain(framework, zone, indicator)
		now := s.Now().UTC()
		row.Status, row.ReviewedBy, row.ReviewComment, row.ReviewedAt = status, p.Email, comment, &now
		if err := tx.Save(&row).Error; err != nil {
			return translate(err, "applicability")
		}
		out = row.domain(framework, zone, indicator)
		_, err = s.auditG(tx, func(int64) (event, error) {
			return event{actor: p.Email, entity: "applicability", entityID: framework + "/" + zone + "/" + indicator, action: action, zone: zone,
				old: old, new: out, reason: comment}, nil
		})
		return err
	})
	return out, err
}

// markOf reads a zone's not-applicable mark of an indicator; when there is
// none, found is false and the row is a new one for that zone and
// indicator. A zone with a year signed off takes no change of its marks.
func (s *Store) markOf(tx *gorm.DB, framework, zone, indicator string) (row applicabilityRow, found bool, err error) {
	fe, z, err := s.zoneOf(tx, framework, zone)
	if err != nil {
		return row, false, err
	}
	iid, ok := fe.ids[indicator]
	if !ok {
		return row, false, indicators.Errorf(indicators.NotFound, "indicator %q not found in framework %q", indicator, framework)
	}
	if err := checkPlanNotSignedOff(tx, fe.id, zone, "its applicability"); err != nil {
		return row, false, err
	}
	// A write of the mark changes only this zone's cards of the framework.
	staleSummary(tx, fe.id, z.ID)
	err = tx.Where("zone_id = ? AND indicator_id = ?", z.ID, iid).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return applicabilityRow{ZoneID: z.ID, IndicatorID: iid}, false, nil
	}
	return row, err == nil, translate(err, "applicability")
}

// zoneOf loads the framework's scoring form and the zone's row.
func (s *Store) zoneOf(tx *gorm.DB, framework, zone string) (*frameworkEntry, zoneRow, error) {
	fe, err := s.scoringFramework(tx, framework)
	if err != nil {
		return nil, zoneRow{}, err
	}
	var z zoneRow
	err = tx.Where("code = ?", zone).Take(&z).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, z, indicators.Errorf(indicators.NotFound, "zone %q not found", zone)
	}
	return fe, z, translate(err, "zone")
}

func idsOf(fe *frameworkEntry) []int64 {
	ids := make([]int64, 0, len(fe.code))
	for id := range fe.code {
		ids = append(ids, id)
	}
	return ids
}
