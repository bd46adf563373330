package storage

import (
	"context"
	"errors"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"igmc/indicators"
)

// Access events: sign-ins, failed sign-ins, exports and downloads are
// recorded on the trail like changes (entity "access"), with who read and
// what, so that the trail answers who saw the data as well as who changed
// it. They change nothing else and write no values.

// MaxFailedSigninEvents caps the failed sign-ins recorded per
// FailureWindow, over every account and address together, so that a
// flood of wrong passwords cannot flood the trail; the sign-in throttle
// refuses the tries themselves.
const MaxFailedSigninEvents = 100

// maxAccessField bounds each text an access event records.
const maxAccessField = 300

var errAccessCapped = errors.New("failed sign-ins are no longer recorded in this window")

// RecordAccess appends an access event: action is one of the
// indicators.Access… names, p who read (nil for nobody signed in).
func (s *Store) RecordAccess(ctx context.Context, p *indicators.Principal, action string, d indicators.AccessDetail) error {
	actor := "anonymous"
	if p != nil {
		actor = p.Email
	}
	for _, f := range []*string{&d.Path, &d.Framework, &d.Year, &d.Zone, &d.Filter, &d.File, &d.SHA256, &d.Email, &d.Address} {
		*f = boundText(*f)
	}
	target := d.File
	switch {
	case d.SHA256 != "":
		target = d.SHA256
	case target == "" && d.Email != "":
		target = d.Email
	case target == "":
		target = d.Path
	}
	// Not s.write: nothing cached changes, so nothing is dropped.
	err := s.transact(ctx, s.db, func(tx *gorm.DB) error {
		_, err := s.auditG(tx, func(int64) (event, error) {
			if action == indicators.AccessSigninFailed {
				var n int64
				since := s.Now().Add(-FailureWindow).UTC()
				if err := tx.Raw("SELECT COUNT(*) FROM audit_events WHERE at >= ? AND action = ?", since, action).Scan(&n).Error; err != nil {
					return event{}, translate(err, "audit events")
				}
				if n >= MaxFailedSigninEvents {
					return event{}, errAccessCapped
				}
			}
			return event{actor: actor, entity: "access", entityID: target, action: action, zone: d.Zone, new: d}, nil
		})
		return err
	})
	switch {
	case errors.Is(err, errAccessCapped):
		return nil
	case err == nil:
		s.writeHeadFile(ctx)
	}
	return err
}

// boundText cuts s to maxAccessField bytes of valid UTF-8.
func boundText(s string) string {
	if !utf8.ValidString(s) {
		s = string([]rune(s))
	}
	if len(s) <= maxAccessField {
		return s
	}
	s = s[:maxAccessField]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}

// recordSignin records a sign-in's outcome; a failure to record it is
// logged and does not change the answer, so that sign-in keeps working
// while, on SQLite, a long import holds the write lock.
func (s *Store) recordSignin(ctx context.Context, p *indicators.Principal, action, email, address string) {
	d := indicators.AccessDetail{Address: address}
	if plausibleEmail(email) {
		d.Email = email
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := s.RecordAccess(wctx, p, action, d); err != nil {
		s.log.Warn("storage: a sign-in was not recorded in the audit trail", "action", action, "err", err)
	}
}
