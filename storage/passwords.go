package storage

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"igmc/indicators"
)

// A user changes their own password (with the current one), or sets a new
// one through a reset link an administrator made. Both end the user's
// other access: sessions (but the one making the change) and API tokens.

type resetRow struct {
	TokenHash string
	UserID    int64
	CreatedBy string
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

func (resetRow) TableName() string { return "password_resets" }

// ChangePassword sets a signed-in user's own password. The current
// password is checked under the sign-in throttle of the account and the
// address, so guessing it here is no faster than at the sign-in form; a
// wrong one is a field error on current_password and counts as a failed
// sign-in. Every other session of the user ends, every API token is
// revoked, and one audit event records the change (never the password).
func (s *Store) ChangePassword(ctx context.Context, p *indicators.Principal, current, next, address string) error {
	if err := passwordRules("new_password", next); err != nil {
		return err
	}
	if current == next {
		return indicators.FieldsError("the password is not valid", []indicators.FieldError{{Field: "new_password", Code: "same",
			Message: "the new password is the current one"}})
	}
	now := s.Now()
	account, err := s.reserveAttempt(ctx, throttleKey("account", indicators.NormalEmail(p.Email)), MaxAccountFailures, now)
	if err != nil {
		return err
	}
	from, err := s.reserveAttempt(ctx, throttleKey("address", address), MaxAddressFailures, now)
	if err != nil {
		s.releaseAttempt(ctx, account)
		return err
	}
	var u userRow
	if err := s.rdb.WithContext(ctx).Where("id = ?", p.UserID).Take(&u).Error; err != nil {
		s.releaseAttempt(ctx, account)
		s.releaseAttempt(ctx, from)
		return translate(err, "user")
	}
	if !s.checkPassword([]byte(u.PasswordHash), current) {
		// The places stay taken: this was a failed sign-in.
		return indicators.FieldsError("the password was not changed", []indicators.FieldError{{Field: "current_password", Code: "wrong",
			Message: "the current password is not right"}})
	}
	s.releaseAttempt(ctx, account)
	s.releaseAttempt(ctx, from)
	hash, err := s.hashPassword(next)
	if err != nil {
		return err
	}
	err = s.write(ctx, func(tx *gorm.DB) error {
		scoresUnchanged(tx)
		if err := tx.Model(&userRow{}).Where("id = ?", u.ID).Updates(map[string]any{"password_hash": hash, "updated_at": s.Now()}).Error; err != nil {
			return translate(err, "user")
		}
		if err := s.endOtherSessions(tx, u.ID, p.Session); err != nil {
			return err
		}
		if err := s.revokeTokens(tx, u.ID, p, "password changed"); err != nil {
			return err
		}
		_, err := s.auditG(tx, func(int64) (event, error) {
			return event{actor: p.Email, entity: "user", entityID: u.Email, action: "password_change",
				new: map[string]any{"other_sessions_ended": true, "tokens_revoked": true}}, nil
		})
		return err
	})
	if err == nil && s.adb != s.db {
		err = s.endOtherSessions(s.adb.WithContext(ctx), u.ID, p.Session)
	}
	return err
}

// endOtherSessions ends every session of a user but keep (none when keep
// is empty), on the sign-in state wherever it lives (see endSessions).
func (s *Store) endOtherSessions(tx *gorm.DB, user int64, keep string) error {
	end := func(db *gorm.DB) error {
		return translate(db.Where("user_id = ? AND id <> ?", user, keep).Delete(&sessionRow{}).Error, "sessions")
	}
	if s.adb == s.db {
		return end(tx)
	}
	return s.transact(tx.Statement.Context, s.adb, end)
}

// CreateResetLink makes a one-time password reset link for the user of
// email and returns its secret, which is shown this once: only its hash is
// stored. The link works for indicators.ResetLinkLifetime, once; making a
// new one voids the user's earlier unused links. A disabled user gets
// none (enable the account first).
func (s *Store) CreateResetLink(ctx context.Context, email string, by *indicators.Principal) (string, indicators.ResetLink, error) {
	email = indicators.NormalEmail(email)
	secret := randomSecret("")
	var link indicators.ResetLink
	err := s.write(ctx, func(tx *gorm.DB) error {
		scoresUnchanged(tx)
		var u userRow
		if err := tx.Where("email = ?", email).Take(&u).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return indicators.Errorf(indicators.NotFound, "no user has the email %q", email)
			}
			return translate(err, "user")
		}
		if u.Disabled {
			return indicators.Errorf(indicators.Conflict, "user %q is disabled: enable the account before making a reset link", email)
		}
		now := s.Now()
		if err := tx.Where("user_id = ? AND used_at IS NULL", u.ID).Delete(&resetRow{}).Error; err != nil {
			return translate(err, "reset links")
		}
		row := resetRow{TokenHash: secretHash(secret), UserID: u.ID, CreatedBy: by.Email, CreatedAt: now, ExpiresAt: now.Add(indicators.ResetLinkLifetime)}
		if err := tx.Create(&row).Error; err != nil {
			return translate(err, "reset link")
		}
		link = indicators.ResetLink{Email: u.Email, ExpiresAt: row.ExpiresAt.UTC(), State: indicators.ResetValid}
		_, err := s.auditG(tx, func(int64) (event, error) {
			return event{actor: by.Email, entity: "user", entityID: u.Email, action: "reset_link", new: map[string]any{"expires_at": link.ExpiresAt}}, nil
		})
		return err
	})
	return secret, link, err
}

// ResetLinkState says what a reset link's secret is worth now, without
// using it.
func (s *Store) ResetLinkState(ctx context.Context, secret string) (indicators.ResetLink, error) {
	var link indicators.ResetLink
	err := s.rdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		link, _, err = resetLinkOf(tx, secret, s.Now())
		return err
	})
	return link, err
}

// resetLinkOf finds a link by its secret; the user's id is 0 unless the
// link is valid.
func resetLinkOf(tx *gorm.DB, secret string, now time.Time) (indicators.ResetLink, int64, error) {
	link := indicators.ResetLink{State: indicators.ResetUnknown}
	if !plausibleEmail(secret) || len(secret) > 100 {
		return link, 0, nil
	}
	var rows []struct {
		UserID    int64
		ExpiresAt time.Time
		UsedAt    *time.Time
		Email     string
		Disabled  bool
	}
	err := tx.Raw(`SELECT r.user_id, r.expires_at, r.used_at, u.email, u.disabled
		FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.token_hash = ?`,
		secretHash(secret)).Scan(&rows).Error
	if err != nil || len(rows) == 0 || rows[0].Disabled {
		return link, 0, translate(err, "reset link")
	}
	r := rows[0]
	link.Email, link.ExpiresAt = r.Email, r.ExpiresAt.UTC()
	switch {
	case r.UsedAt != nil:
		link.State = indicators.ResetUsed
	case !now.Before(r.ExpiresAt):
		link.State = indicators.ResetExpired
	default:
		link.State = indicators.ResetValid
		return link, r.UserID, nil
	}
	return link, 0, nil
}

// UseResetLink sets the password of the link's user and spends the link,
// all in one transaction: every session and API token of the user ends,
// and the audit trail records the reset as the user's own act. A link that
// is unknown (404), used or expired (409) changes nothing; the returned
// link says which.
func (s *Store) UseResetLink(ctx context.Context, secret, password string) (indicators.ResetLink, error) {
	link, err := s.ResetLinkState(ctx, secret)
	if err != nil || link.State != indicators.ResetValid {
		return link, resetRefusal(link, err)
	}
	if err := passwordRules("new_password", password); err != nil {
		return link, err
	}
	hash, err := s.hashPassword(password)
	if err != nil {
		return link, err
	}
	var user int64
	err = s.write(ctx, func(tx *gorm.DB) error {
		scoresUnchanged(tx)
		now := s.Now()
		var err error
		if link, user, err = resetLinkOf(tx, secret, now); err != nil || user == 0 {
			return err
		}
		// Spent by one statement, so that two uses at once cannot both
		// pass.
		spent := tx.Model(&resetRow{}).Where("token_hash = ? AND used_at IS NULL", secretHash(secret)).Update("used_at", now)
		if spent.Error != nil {
			return translate(spent.Error, "reset link")
		}
		if spent.RowsAffected != 1 {
			link.State, user = indicators.ResetUsed, 0
			return nil
		}
		if err := tx.Model(&userRow{}).Where("id = ?", user).Updates(map[string]any{"password_hash": hash, "updated_at": now}).Error; err != nil {
			return translate(err, "user")
		}
		self := &indicators.Principal{UserID: user, Email: link.Email}
		if err := s.endAccess(tx, user, self, "password reset"); err != nil {
			return err
		}
		_, err = s.auditG(tx, func(int64) (event, error) {
			return event{actor: link.Email, entity: "user", entityID: link.Email, action: "password_reset"}, nil
		})
		return err
	})
	if err != nil || link.State != indicators.ResetValid {
		return link, resetRefusal(link, err)
	}
	if s.adb != s.db {
		err = s.endSessions(s.adb.WithContext(ctx), user)
	}
	return link, err
}

// resetRefusal is the error of a link that cannot be used.
func resetRefusal(link indicators.ResetLink, err error) error {
	switch {
	case err != nil:
		return err
	case link.State == indicators.ResetUsed:
		return indicators.Errorf(indicators.Conflict, "the reset link was already used")
	case link.State == indicators.ResetExpired:
		return indicators.Errorf(indicators.Conflict, "the reset link has expired")
	}
	return indicators.Errorf(indicators.NotFound, "the reset link is not known")
}
