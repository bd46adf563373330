package storage

import (
	"context"
	"encoding/json"
	"fmt"

	"gorm.io/gorm"

	"igmc/indicators"
	"igmc/scoring"
)

// signedOffCard is the frozen official card of a signed-off year, or nil
// when the year is not signed off.
func signedOffCard(tx *gorm.DB, framework int64, zone int64, year int) (*scoring.Card, error) {
	var rows []signOffScan
	err := tx.Raw(signOffSelect+" WHERE s.framework_id = ? AND s.zone_id = ? AND s.year = ? AND s.withdrawn_at IS NULL", framework, zone, year).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return nil, translate(err, "sign-offs")
	}
	var snap indicators.SignOffSnapshot
	if err := json.Unmarshal([]byte(rows[0].Snapshot), &snap); err != nil {
		return nil, fmt.Errorf("storage: sign-off %d: snapshot: %w", rows[0].ID, err)
	}
	var card scoring.Card
	if err := json.Unmarshal(snap.Scorecard, &card); err != nil {
		return nil, fmt.Errorf("storage: sign-off %d: scorecard: %w", rows[0].ID, err)
	}
	card.SignedOff = rows[0].stamp()
	return &card, nil
}

// signedOffYears lists the zone codes and years of a framework signed off
// and in force, for the guards of the writes.
func signedOffYears(ctx context.Context, q queryer, framework int64) (map[string]map[int]bool, error) {
	rows, err := q.query(ctx, `SELECT z.code, s.year FROM signoffs s JOIN zones z ON z.id = s.zone_id
		WHERE s.framework_id = ? AND s.withdrawn_at IS NULL`, framework)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[int]bool{}
	for rows.Next() {
		var (
			zone string
			year int
		)
		if err := rows.Scan(&zone, &year); err != nil {
			return nil, translate(err, "sign-offs")
		}
		if out[zone] == nil {
			out[zone] = map[int]bool{}
		}
		out[zone][year] = true
	}
	return out, translate(rows.Err(), "sign-offs")
}

// errSignedOff is the refusal of a change to a signed-off year.
func errSignedOff(zone string, year int, what string) error {
	return indicators.Errorf(indicators.Conflict, "%d of zone %q is signed off: %s cannot change until the sign-off is withdrawn with a reason", year, zone, what)
}

// checkNotSignedOff refuses a change of a zone's value of year while that
// year is signed off.
func checkNotSignedOff(tx *gorm.DB, framework int64, zone string, year int) error {
	signed, err := signedOffYears(tx.Statement.Context, gormTx{tx}, framework)
	if err != nil {
		return err
	}
	if signed[zone][year] {
		return errSignedOff(zone, year, "its values")
	}
	return nil
}

// checkPlanNotSignedOff refuses a change of a zone's plan or applicability
// while any of its years of the framework is signed off: a plan version
// and the marks hold for every year, and the snapshot records their hash.
func checkPlanNotSignedOff(tx *gorm.DB, framework int64, zone string, what string) error {
	signed, err := signedOffYears(tx.Statement.Context, gormTx{tx}, framework)
	if err != nil {
		return err
	}
	for y := range signed[zone] {
		return errSignedOff(zone, y, what)
	}
	return nil
}
