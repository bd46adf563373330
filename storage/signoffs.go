package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"igmc/indicators"
	"igmc/scoring"
)

// Sign-offs (SPEC §9): a zone's year of a framework frozen as a signed
// snapshot of its official scorecard. The snapshot's stored bytes are the
// signed message; the official card of the year is decoded from them, so
// nothing written later — a catalogue import, a new plan — changes it.

type signOffRow struct {
	ID              int64
	FrameworkID     int64
	ZoneID          int64
	Year            int
	MethodVersion   string
	CatalogueSHA256 string `gorm:"column:catalogue_sha256"`
	PlanSHA256      string `gorm:"column:plan_sha256"`
	Snapshot        string
	KeyID           string
	Signature       string
	SignedBy        string
	SignedByName    string
	SignedAt        time.Time
	WithdrawnBy     string
	WithdrawReason  string
	WithdrawnAt     *time.Time
}

func (signOffRow) TableName() string { return "signoffs" }

const signOffSelect = `SELECT s.id, f.code AS framework, z.code AS zone, s.year, s.method_version, s.catalogue_sha256, s.plan_sha256,
	s.snapshot, s.key_id, s.signature, s.signed_by, s.signed_by_name, s.signed_at, s.withdrawn_by, s.withdraw_reason, s.withdrawn_at
	FROM signoffs s JOIN frameworks f ON f.id = s.framework_id JOIN zones z ON z.id = s.zone_id`

type signOffScan struct {
	ID                          int64
	Framework, Zone             string
	Year                        int
	MethodVersion               string
	CatalogueSHA256             string `gorm:"column:catalogue_sha256"`
	PlanSHA256                  string `gorm:"column:plan_sha256"`
	Snapshot, KeyID, Signature  string
	SignedBy, SignedByName      string
	SignedAt                    time.Time
	WithdrawnBy, WithdrawReason string
	WithdrawnAt                 *time.Time
}

func (r *signOffScan) domain(withSnapshot bool) indicators.SignOff {
	out := indicators.SignOff{ID: r.ID, Framework: r.Framework, Zone: r.Zone, Year: r.Year, MethodVersion: r.MethodVersion,
		CatalogueSHA256: r.CatalogueSHA256, PlanSHA256: r.PlanSHA256, SignedBy: r.SignedBy, SignedByName: r.SignedByName,
		SignedAt: r.SignedAt.UTC(), WithdrawnBy: r.WithdrawnBy, WithdrawReason: r.WithdrawReason,
		Signature: indicators.Signature{KeyID: r.KeyID, Algorithm: indicators.SignatureAlgorithm, Value: r.Signature}}
	if r.WithdrawnAt != nil {
		at := r.WithdrawnAt.UTC()
		out.WithdrawnAt = &at
	}
	if withSnapshot {
		out.Snapshot = json.RawMessage(r.Snapshot)
	}
	return out
}

// stamp is what the official card of the signed-off year says of it.
func (r *signOffScan) stamp() *scoring.SignedOff {
	by := r.SignedByName
	if strings.TrimSpace(by) == "" {
		by = r.SignedBy
	}
	return &scoring.SignedOff{ID: r.ID, By: by, At: r.SignedAt.UTC(), MethodVersion: r.MethodVersion,
		CatalogueSHA256: r.CatalogueSHA256, PlanSHA256: r.PlanSHA256}
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// SignOff signs off a zone's year of a framework: refused while a value of
// the year is not approved or a follow-up of it is open, or when it is
// signed off already. The official card is computed in the same
// transaction, frozen, signed and audited.
func (s *Store) SignOff(ctx context.Context, in indicators.SignOffInput, p *indicators.Principal) (indicators.SignOff, error) {
	var out indicators.SignOff
	in.Framework, in.Zone = strings.TrimSpace(in.Framework), strings.TrimSpace(in.Zone)
	if err := in.Validate(); err != nil {
		return out, err
	}
	if err := p.MaySignOff(in.Zone); err != nil {
		return out, err
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		fe, z, err := s.zoneOf(tx, in.Framework, in.Zone)
		if err != nil {
			return err
		}
		// The official card of the zone's year becomes the frozen one.
		summariesNarrowed(tx)
		staleSummary(tx, fe.id, z.ID)
		// Exclusive: a change of a value (which holds the lock shared)
		// either commits before the blockers are read, or reads the
		// sign-off once it is committed and is refused.
		if err := s.lockFrameworkTx(tx, fe.id, true); err != nil {
			return err
		}
		if err := signOffBlockers(tx, fe, z, in); err != nil {
			return err
		}
		opts, err := s.scoringOptions(tx, fe, []zoneRow{z}, in.Year, scoring.BasisOfficial)
		if err != nil {
			return err
		}
		values, err := zoneValues(tx, fe, z.ID, in.Year, scoring.BasisOfficial)
		if err != nil {
			return err
		}
		card, err := scoring.Compute(fe.fw, values, opts[z.ID])
		if err != nil {
			return &indicators.Error{Code: indicators.Internal, Message: "internal error", Err: fmt.Errorf("storage: score %s/%s/%d: %w", in.Framework, in.Zone, in.Year, err)}
		}
		cardJSON, err := json.Marshal(&card)
		if err != nil {
			return fmt.Errorf("storage: sign-off card: %w", err)
		}
		cat, _, err := loadCatalogue(tx, in.Framework)
		if err != nil {
			return err
		}
		var catFile bytes.Buffer
		if err := indicators.WriteCatalogue(&catFile, cat); err != nil {
			return err
		}
		plans, _ := json.Marshal(opts[z.ID].Plans)
		marks, _ := json.Marshal(opts[z.ID].NotApplicable)
		snap := indicators.SignOffSnapshot{Framework: in.Framework, Zone: in.Zone, Year: in.Year, SignedBy: p.Email,
			SignedAt: s.Now().UTC().Truncate(time.Microsecond), MethodVersion: card.MethodVersion,
			CatalogueSHA256: sha256Hex(catFile.Bytes()), PlanSHA256: sha256Hex(plans), ApplicabilitySHA256: sha256Hex(marks), Scorecard: cardJSON}
		msg, err := json.Marshal(snap)
		if err != nil {
			return fmt.Errorf("storage: sign-off snapshot: %w", err)
		}
		k, err := s.activeKeyOn(tx)
		if err != nil {
			return err
		}
		sig := signWith(k, msg)
		row := signOffRow{FrameworkID: fe.id, ZoneID: z.ID, Year: in.Year, MethodVersion: snap.MethodVersion, CatalogueSHA256: snap.CatalogueSHA256,
			PlanSHA256: snap.PlanSHA256, Snapshot: string(msg), KeyID: sig.KeyID, Signature: sig.Value, SignedBy: p.Email, SignedByName: p.Name, SignedAt: snap.SignedAt}
		if err := tx.Create(&row).Error; err != nil {
			err = translate(err, "sign-off")
			if indicators.CodeOf(err) == indicators.Conflict {
				return indicators.Errorf(indicators.Conflict, "zone %q is already signed off for %s %d", in.Zone, in.Framework, in.Year)
			}
			return err
		}
		if out, err = getSignOff(tx, row.ID, false); err != nil {
			return err
		}
		_, err = s.auditG(tx, func(int64) (event, error) {
			return event{actor: p.Email, entity: "signoff", entityID: fmt.Sprint(row.ID), action: "signoff", zone: in.Zone, new: out}, nil
		})
		return err
	})
	return out, err
}

// signOffBlockers refuses a sign-off while the year has no values, a value
// that is not approved, an open follow-up, or a sign-off in force; the
// refusal names what blocks it.
func signOffBlockers(tx *gorm.DB, fe *frameworkEntry, z zoneRow, in indicators.SignOffInput) error {
	var n int64
	if err := tx.Model(&signOffRow{}).Where("framework_id = ? AND zone_id = ? AND year = ? AND withdrawn_at IS NULL", fe.id, z.ID, in.Year).Count(&n).Error; err != nil {
		return translate(err, "sign-offs")
	}
	if n > 0 {
		return indicators.Errorf(indicators.Conflict, "zone %q is already signed off for %s %d: withdraw that sign-off first", in.Zone, in.Framework, in.Year)
	}
	type pending struct {
		Indicator, Period, Status string
	}
	var all, open []pending
	if err := tx.Raw(`SELECT i.code AS indicator, m.period, m.status FROM measurements m JOIN indicators i ON i.id = m.indicator_id
		WHERE m.zone_id = ? AND i.framework_id = ? AND m.year = ? ORDER BY i.code, m.period`, z.ID, fe.id, in.Year).Scan(&all).Error; err != nil {
		return translate(err, "measurements")
	}
	if len(all) == 0 {
		return indicators.Errorf(indicators.Conflict, "zone %q has no values of %s for %d: there is nothing to sign off", in.Zone, in.Framework, in.Year)
	}
	var names []string
	for _, v := range all {
		if v.Status != string(indicators.Approved) {
			names = append(names, fmt.Sprintf("%s %s (%s)", v.Indicator, v.Period, v.Status))
		}
	}
	if len(names) > 0 {
		return indicators.Errorf(indicators.Conflict, "%d value(s) of zone %q for %d are not approved: %s", len(names), in.Zone, in.Year, listSome(names))
	}
	if err := tx.Raw(`SELECT i.code AS indicator, u.period, 'open' AS status FROM follow_ups u JOIN indicators i ON i.id = u.indicator_id
		WHERE u.zone_id = ? AND u.framework_id = ? AND u.year = ? AND u.resolved_at IS NULL ORDER BY i.code, u.period`, z.ID, fe.id, in.Year).Scan(&open).Error; err != nil {
		return translate(err, "follow-ups")
	}
	names = names[:0]
	for _, f := range open {
		names = append(names, f.Indicator+" "+f.Period)
	}
	if len(names) > 0 {
		return indicators.Errorf(indicators.Conflict, "%d follow-up(s) of zone %q for %d are open: %s", len(names), in.Zone, in.Year, listSome(names))
	}
	return nil
}

// listSome joins the first few names, saying how many more there are.
func listSome(names []string) string {
	const most = 5
	if len(names) <= most {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:most], ", ") + fmt.Sprintf(" and %d more", len(names)-most)
}

// WithdrawSignOff withdraws a sign-off in force, with a reason; audited.
func (s *Store) WithdrawSignOff(ctx context.Context, id int64, reason string, p *indicators.Principal) (indicators.SignOff, error) {
	var out indicators.SignOff
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return out, indicators.FieldsError("a withdrawal needs a reason", []indicators.FieldError{{Field: "reason", Code: "required", Message: "reason is required: say why the sign-off is withdrawn"}})
	}
	if err := indicators.CheckNote("reason", reason); err != nil {
		return out, err
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		old, err := getSignOff(tx, id, false)
		if err != nil {
			return err
		}
		if err := p.MaySignOff(old.Zone); err != nil {
			return err
		}
		if !old.InForce() {
			return indicators.Errorf(indicators.Conflict, "sign-off %d is already withdrawn", id)
		}
		at := s.Now().UTC().Truncate(time.Microsecond)
		if err := tx.Model(&signOffRow{}).Where("id = ?", id).Updates(map[string]any{"withdrawn_by": p.Email, "withdraw_reason": reason, "withdrawn_at": at}).Error; err != nil {
			return translate(err, "sign-off")
		}
		// The official card of the zone's year is computed again.
		var of struct{ FrameworkID, ZoneID int64 }
		if err := tx.Raw("SELECT framework_id, zone_id FROM signoffs WHERE id = ?", id).Scan(&of).Error; err != nil {
			return translate(err, "sign-off")
		}
		summariesNarrowed(tx)
		staleSummary(tx, of.FrameworkID, of.ZoneID)
		if out, err = getSignOff(tx, id, false); err != nil {
			return err
		}
		_, err = s.auditG(tx, func(int64) (event, error) {
			return event{actor: p.Email, entity: "signoff", entityID: fmt.Sprint(id), action: "signoff_withdraw", zone: old.Zone, old: old, new: out, reason: reason}, nil
		})
		return err
	})
	return out, err
}

func getSignOff(tx *gorm.DB, id int64, withSnapshot bool) (indicators.SignOff, error) {
	var rows []signOffScan
	if err := tx.Raw(signOffSelect+" WHERE s.id = ?", id).Scan(&rows).Error; err != nil {
		return indicators.SignOff{}, translate(err, "sign-off")
	}
	if len(rows) == 0 {
		return indicators.SignOff{}, indicators.Errorf(indicators.NotFound, "sign-off %d not found", id)
	}
	return rows[0].domain(withSnapshot), nil
}

// GetSignOff returns one sign-off with its snapshot and signature, to
// someone who may read its zone.
func (s *Store) GetSignOff(ctx context.Context, id int64, p *indicators.Principal) (indicators.SignOff, error) {
	out, err := getSignOff(s.rdb.WithContext(ctx), id, true)
	if err == nil && p != nil && !p.InScope(out.Zone) {
		return indicators.SignOff{}, indicators.Errorf(indicators.Forbidden, "sign-off %d is of zone %q, which is not one of your zones", id, out.Zone)
	}
	return out, err
}

// ListSignOffs lists sign-offs, newest first, within p's zones (nil p: all).
func (s *Store) ListSignOffs(ctx context.Context, f indicators.SignOffFilter, p *indicators.Principal) ([]indicators.SignOff, error) {
	q, args := signOffSelect+" WHERE 1 = 1", []any{}
	if f.Framework != "" {
		q, args = q+" AND f.code = ?", append(args, f.Framework)
	}
	if f.Zone != "" {
		q, args = q+" AND z.code = ?", append(args, f.Zone)
	}
	if f.Year != 0 {
		q, args = q+" AND s.year = ?", append(args, f.Year)
	}
	if f.InForce {
		q += " AND s.withdrawn_at IS NULL"
	}
	var rows []signOffScan
	if err := s.reader(ctx).Raw(q+" ORDER BY s.signed_at DESC, s.id DESC LIMIT 10000", args...).Scan(&rows).Error; err != nil {
		return nil, translate(err, "sign-offs")
	}
	out := make([]indicators.SignOff, 0, len(rows))
	for i := range rows {
		if p == nil || p.InScope(rows[i].Zone) {
			out = append(out, rows[i].domain(f.Snapshots))
		}
	}
	return out, nil
}
