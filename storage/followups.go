package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"igmc/indicators"
)

// Follow-ups (SPEC §8): a flag on a zone's value of an indicator for a
// period, opened with a note and resolved with one, each step an audit
// event of entity "follow_up" in the zone.

type followUpRow struct {
	ID          int64
	FrameworkID int64
	ZoneID      int64
	IndicatorID int64
	Period      string
	Year        int
	Note        string
	OpenedBy    string
	OpenedAt    time.Time
	ResolvedBy  string
	Resolution  string
	ResolvedAt  *time.Time
}

func (followUpRow) TableName() string { return "follow_ups" }

const followUpSelect = `SELECT u.id, f.code AS framework, z.code AS zone, i.code AS indicator, u.period, u.note,
	u.opened_by, u.opened_at, u.resolved_by, u.resolution, u.resolved_at
	FROM follow_ups u JOIN frameworks f ON f.id = u.framework_id JOIN zones z ON z.id = u.zone_id
	JOIN indicators i ON i.id = u.indicator_id`

type followUpScan struct {
	ID                         int64
	Framework, Zone, Indicator string
	Period, Note, OpenedBy     string
	OpenedAt                   time.Time
	ResolvedBy, Resolution     string
	ResolvedAt                 *time.Time
}

func (r *followUpScan) domain() indicators.FollowUp {
	out := indicators.FollowUp{ID: r.ID, Framework: r.Framework, Zone: r.Zone, Indicator: r.Indicator, Period: r.Period, Note: r.Note,
		OpenedBy: r.OpenedBy, OpenedAt: r.OpenedAt.UTC(), Status: indicators.FollowUpOpen, ResolvedBy: r.ResolvedBy, Resolution: r.Resolution}
	if r.ResolvedAt != nil {
		at := r.ResolvedAt.UTC()
		out.ResolvedAt, out.Status = &at, indicators.FollowUpResolved
	}
	return out
}

// CreateFollowUp flags a value for follow-up: reviewers and auditors (and
// administrators), within their zones. The value need not exist yet: a
// missing figure can be asked about too.
func (s *Store) CreateFollowUp(ctx context.Context, in indicators.FollowUpInput, p *indicators.Principal) (indicators.FollowUp, error) {
	var out indicators.FollowUp
	in.Zone, in.Indicator, in.Period, in.Note = strings.TrimSpace(in.Zone), strings.TrimSpace(in.Indicator), strings.TrimSpace(in.Period), strings.TrimSpace(in.Note)
	if err := in.Validate(); err != nil {
		return out, err
	}
	if err := indicators.May(p, indicators.ActionFollowUp, indicators.Target{Zone: in.Zone}); err != nil {
		return out, err
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		scoresUnchanged(tx)
		fe, z, err := s.zoneOf(tx, in.Framework, in.Zone)
		if err != nil {
			return err
		}
		iid, ok := fe.ids[in.Indicator]
		if !ok {
			return indicators.FieldsError("the follow-up is not valid", []indicators.FieldError{{Field: "indicator_code", Code: "unknown_indicator",
				Message: fmt.Sprintf("unknown indicator %q in framework %q", indicators.Excerpt(in.Indicator), in.Framework)}})
		}
		per, perr := indicators.ParsePeriod(in.Period)
		if perr == nil {
			for _, ind := range fe.fw.Indicators {
				if ind.Code == in.Indicator && string(freqOf(ind)) != string(per.Frequency) {
					perr = fmt.Errorf("period %q is %s but indicator %q is %s", in.Period, per.Frequency, in.Indicator, freqOf(ind))
				}
			}
		}
		if perr != nil {
			return indicators.FieldsError("the follow-up is not valid", []indicators.FieldError{{Field: "period", Code: "invalid_period", Message: perr.Error()}})
		}
		row := followUpRow{FrameworkID: fe.id, ZoneID: z.ID, IndicatorID: iid, Period: per.String(), Year: per.Year, Note: in.Note,
			OpenedBy: p.Email, OpenedAt: s.Now().UTC().Truncate(time.Microsecond)}
		if err := tx.Create(&row).Error; err != nil {
			return translate(err, "follow-up")
		}
		out, err = getFollowUp(tx, row.ID)
		if err != nil {
			return err
		}
		_, err = s.auditG(tx, func(int64) (event, error) {
			return event{actor: p.Email, entity: "follow_up", entityID: fmt.Sprint(row.ID), action: "open", zone: in.Zone, new: out, reason: in.Note}, nil
		})
		return err
	})
	return out, err
}

// ResolveFollowUp closes an open flag with a note, by someone who may flag
// values of its zone.
func (s *Store) ResolveFollowUp(ctx context.Context, id int64, note string, p *indicators.Principal) (indicators.FollowUp, error) {
	var out indicators.FollowUp
	note = strings.TrimSpace(note)
	if note == "" {
		return out, indicators.FieldsError("a resolution needs a note", []indicators.FieldError{{Field: "note", Code: "required", Message: "note is required: say what was found or done"}})
	}
	if err := indicators.CheckNote("note", note); err != nil {
		return out, err
	}
	if err := indicators.May(p, indicators.ActionFollowUp, indicators.Target{}); err != nil {
		return out, err
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		scoresUnchanged(tx)
		q := tx
		if s.engine == Postgres {
			q = tx.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		var row followUpRow
		if err := q.Where("id = ?", id).Take(&row).Error; err != nil {
			return translate(err, fmt.Sprintf("follow-up %d", id))
		}
		old, err := getFollowUp(tx, id)
		if err != nil {
			return err
		}
		if err := indicators.May(p, indicators.ActionFollowUp, indicators.Target{Zone: old.Zone}); err != nil {
			return err
		}
		if row.ResolvedAt != nil {
			return indicators.Errorf(indicators.Conflict, "follow-up %d was resolved by %s already", id, row.ResolvedBy)
		}
		now := s.Now().UTC().Truncate(time.Microsecond)
		res := tx.Model(&followUpRow{}).Where("id = ? AND resolved_at IS NULL", id).
			Updates(map[string]any{"resolved_by": p.Email, "resolution": note, "resolved_at": now})
		if res.Error != nil {
			return translate(res.Error, "follow-up")
		}
		if res.RowsAffected != 1 {
			return indicators.Errorf(indicators.Conflict, "follow-up %d was resolved meanwhile", id)
		}
		if out, err = getFollowUp(tx, id); err != nil {
			return err
		}
		_, err = s.auditG(tx, func(int64) (event, error) {
			return event{actor: p.Email, entity: "follow_up", entityID: fmt.Sprint(id), action: "resolve", zone: old.Zone, old: old, new: out, reason: note}, nil
		})
		return err
	})
	return out, err
}

func getFollowUp(tx *gorm.DB, id int64) (indicators.FollowUp, error) {
	var rows []followUpScan
	if err := tx.Raw(followUpSelect+" WHERE u.id = ?", id).Scan(&rows).Error; err != nil {
		return indicators.FollowUp{}, translate(err, "follow-up")
	}
	if len(rows) == 0 {
		return indicators.FollowUp{}, indicators.Errorf(indicators.NotFound, "follow-up %d not found", id)
	}
	return rows[0].domain(), nil
}

// FollowUp returns one follow-up; one outside the principal's zones is
// not found.
func (s *Store) FollowUp(ctx context.Context, id int64, p *indicators.Principal) (indicators.FollowUp, error) {
	f, err := getFollowUp(s.rdb.WithContext(ctx), id)
	if err == nil && !p.InScope(f.Zone) {
		return indicators.FollowUp{}, indicators.Errorf(indicators.NotFound, "follow-up %d not found", id)
	}
	return f, err
}

// ListFollowUps lists follow-ups, newest first, narrowed by f.
func (s *Store) ListFollowUps(ctx context.Context, f indicators.FollowUpFilter) ([]indicators.FollowUp, error) {
	if f.Limit <= 0 || f.Limit > indicators.MaxFollowUps {
		f.Limit = indicators.MaxFollowUps
	}
	status, err := indicators.ParseFollowUpStatus(f.Status)
	if err != nil {
		return nil, err
	}
	var conds []string
	var args []any
	add := func(c string, v ...any) { conds = append(conds, c); args = append(args, v...) }
	if f.Framework != "" {
		add("f.code = ?", f.Framework)
	}
	if f.Zone != "" {
		add("z.code = ?", f.Zone)
	}
	switch status {
	case indicators.FollowUpOpen:
		add("u.resolved_at IS NULL")
	case indicators.FollowUpResolved:
		add("u.resolved_at IS NOT NULL")
	}
	switch {
	case f.Zones == nil:
	case len(f.Zones) == 0:
		add("1 = 0")
	default:
		add("z.code IN ?", f.Zones)
	}
	q := followUpSelect
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	var rows []followUpScan
	if err := s.reader(ctx).Raw(q+" ORDER BY u.id DESC LIMIT ?", append(args, f.Limit)...).Scan(&rows).Error; err != nil {
		return nil, translate(err, "follow-ups")
	}
	out := make([]indicators.FollowUp, 0, len(rows))
	for i := range rows {
		out = append(out, rows[i].domain())
	}
	return out, nil
}

// OpenFollowUps lists the open follow-ups of the principal's zones (every
// zone for an administrator or an auditor), newest first, at most limit:
// what the home page shows an officer to answer.
func (s *Store) OpenFollowUps(ctx context.Context, p *indicators.Principal, limit int) ([]indicators.FollowUp, error) {
	return s.ListFollowUps(ctx, indicators.FollowUpFilter{Status: indicators.FollowUpOpen, Zones: p.ScopeCodes(), Limit: limit})
}
