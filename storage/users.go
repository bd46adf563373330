package storage

// This file is longer than 400 lines on purpose: users, their zones,
// their sessions and the principal they act as are one account store whose
// transactions call each other's helpers.

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"igmc/indicators"
)

type userRow struct {
	ID           int64
	Email        string
	Name         string
	Role         indicators.Role
	PasswordHash string
	Language     string
	Disabled     bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (userRow) TableName() string { return "users" }

type sessionRow struct {
	ID        string
	UserID    int64
	CsrfToken string
	CreatedAt time.Time
	ExpiresAt time.Time
}

func (sessionRow) TableName() string { return "sessions" }

type tokenRow struct {
	ID         int64
	UserID     int64
	Name       string
	TokenHash  string
	Prefix     string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

func (tokenRow) TableName() string { return "api_tokens" }

// Sign-in limits: failed attempts within the window, per account and per
// address, after which sign-in answers 429 until the oldest failure ages
// out of the window.
const (
	FailureWindow      = 15 * time.Minute
	MaxAccountFailures = 10
	MaxAddressFailures = 30
	SessionLifetime    = 12 * time.Hour
)

// UserInput is what an administrator sets on a user.
type UserInput = indicators.UserInput

func (s *Store) hashPassword(pw string) (string, error) {
	if err := passwordRules("password", pw); err != nil {
		return "", err
	}
	b, err := bcrypt.GenerateFromPassword([]byte(pw), s.passwordCost)
	return string(b), err
}

// passwordRules checks a new password's length, naming field in the
// error: every way of setting a password applies the same rules.
func passwordRules(field, pw string) error {
	if len(pw) < indicators.MinPasswordLength {
		return indicators.FieldsError("the password is not valid", []indicators.FieldError{{Field: field, Code: "too_short",
			Message: "the password must have at least 10 characters"}})
	}
	if len(pw) > 72 {
		return indicators.FieldsError("the password is not valid", []indicators.FieldError{{Field: field, Code: "too_long",
			Message: "the password must have at most 72 bytes"}})
	}
	return nil
}

// CountUsers says how many users exist (zero on a fresh database).
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	err := s.rdb.WithContext(ctx).Model(&userRow{}).Count(&n).Error
	return n, translate(err, "users")
}

// CreateUser adds a user with a password.
func (s *Store) CreateUser(ctx context.Context, in UserInput, by *indicators.Principal) (indicators.User, error) {
	var out indicators.User
	in.Email = indicators.NormalEmail(in.Email)
	var errs indicators.FieldErrors
	if !strings.Contains(in.Email, "@") || len(in.Email) > 254 {
		errs.Add(0, "email", "invalid", "email must be an address such as name@example.org")
	}
	if _, err := indicators.ParseRole(string(in.Role)); err != nil {
		errs.Add(0, "role", "invalid", "%v", err)
	}
	if in.Password == "" {
		errs.Add(0, "password", "required", "password is required")
	}
	if err := errs.Err("the user is not valid"); err != nil {
		return out, err
	}
	hash, err := s.hashPassword(in.Password)
	if err != nil {
		return out, err
	}
	err = s.write(ctx, func(tx *gorm.DB) error {
		scoresUnchanged(tx)
		var n int64
		if err := tx.Model(&userRow{}).Where("email = ?", in.Email).Count(&n).Error; err != nil {
			return translate(err, "users")
		}
		if n > 0 {
			return indicators.Errorf(indicators.Conflict, "a user with email %q already exists", in.Email)
		}
		now := s.Now()
		row := userRow{Email: in.Email, Name: in.Name, Role: in.Role, PasswordHash: hash, Language: in.Language, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return translate(err, "user")
		}
		if err := setUserZones(tx, row.ID, in.Zones); err != nil {
			return err
		}
		out = row.domain(in.Zones)
		_, err := s.auditG(tx, func(int64) (event, error) {
			return event{actor: by.Email, entity: "user", entityID: in.Email, action: "create", new: out}, nil
		})
		return err
	})
	return out, err
}

// UpdateUser changes a user's name, role, zones, language, state and,
// when given, password. It is the one way to change a password (an
// administrator's reset, or an administrator changing their own): a new
// password or disabling the user ends every session and API token of the
// user in the same transaction (see endAccess).
func (s *Store) UpdateUser(ctx context.Context, id int64, in UserInput, by *indicators.Principal) (indicators.User, error) {
	var out indicators.User
	if _, err := indicators.ParseRole(string(in.Role)); err != nil {
		return out, indicators.FieldsError("the user is not valid", []indicators.FieldError{{Field: "role", Code: "invalid", Message: err.Error()}})
	}
	hash := ""
	if in.Password != "" {
		var err error
		if hash, err = s.hashPassword(in.Password); err != nil {
			return out, err
		}
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		scoresUnchanged(tx)
		var row userRow
		if err := tx.Where("id = ?", id).Take(&row).Error; err != nil {
			return translate(err, "user")
		}
		before, err := userZones(tx, row.ID)
		if err != nil {
			return err
		}
		old := row.domain(before)
		row.Name, row.Role, row.Language, row.Disabled, row.UpdatedAt = in.Name, in.Role, in.Language, in.Disabled, s.Now()
		if hash != "" {
			row.PasswordHash = hash
		}
		if err := tx.Save(&row).Error; err != nil {
			return translate(err, "user")
		}
		if err := setUserZones(tx, row.ID, in.Zones); err != nil {
			return err
		}
		if in.Disabled || hash != "" {
			reason := "password changed"
			if in.Disabled {
				reason = "user disabled"
			}
			if err := s.endAccess(tx, row.ID, by, reason); err != nil {
				return err
			}
		}
		out = row.domain(in.Zones)
		_, err = s.auditG(tx, func(int64) (event, error) {
			return event{actor: by.Email, entity: "user", entityID: row.Email, action: "update", old: old,
				new: struct {
					indicators.User
					PasswordChanged bool `json:"password_changed"`
				}{out, hash != ""}}, nil
		})
		return err
	})
	if err == nil && (in.Disabled || hash != "") && s.adb != s.db {
		err = s.endSessions(s.adb.WithContext(ctx), id)
	}
	return out, err
}

func (r *userRow) domain(zones []string) indicators.User {
	if zones == nil {
		zones = []string{}
	}
	return indicators.User{ID: r.ID, Email: r.Email, Name: r.Name, Role: r.Role, Zones: zones, Language: r.Language, Disabled: r.Disabled, CreatedAt: r.CreatedAt.UTC()}
}

func setUserZones(tx *gorm.DB, user int64, zones []string) error {
	if err := tx.Exec("DELETE FROM user_zones WHERE user_id = ?", user).Error; err != nil {
		return translate(err, "user zones")
	}
	var errs indicators.FieldErrors
	for _, z := range zones {
		id, err := zoneID(tx, z)
		if err != nil {
			errs.AddWith(0, "zones", "unknown_zone", map[string]string{"value": z}, "unknown zone %q", z)
			continue
		}
		if err := tx.Exec("INSERT INTO user_zones (user_id, zone_id) VALUES (?, ?)", user, id).Error; err != nil {
			return translate(err, "user zones")
		}
	}
	return errs.Err("the user is not valid")
}

func userZones(tx *gorm.DB, user int64) ([]string, error) {
	var out []string
	err := tx.Raw("SELECT z.code FROM user_zones uz JOIN zones z ON z.id = uz.zone_id WHERE uz.user_id = ? ORDER BY z.code", user).Scan(&out).Error
	return out, translate(err, "user zones")
}

// ListUsers returns every user by email.
func (s *Store) ListUsers(ctx context.Context) ([]indicators.User, error) {
	var rows []userRow
	out := []indicators.User{}
	err := s.rdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Order("email").Find(&rows).Error; err != nil {
			return translate(err, "users")
		}
		for i := range rows {
			zs, err := userZones(tx, rows[i].ID)
			if err != nil {
				return err
			}
			out = append(out, rows[i].domain(zs))
		}
		return nil
	})
	return out, err
}

// principal builds who a user is, with every zone in scope: the user's
// zones and all the zones inside them.
func principal(tx *gorm.DB, u *userRow) (*indicators.Principal, error) {
	p := &indicators.Principal{UserID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Language: u.Language}
	if p.AllZones() {
		return p, nil
	}
	own, err := userZones(tx, u.ID)
	if err != nil {
		return nil, err
	}
	var all []zoneRow
	if err := tx.Select("id, code, parent_id").Find(&all).Error; err != nil {
		return nil, translate(err, "zones")
	}
	children := map[int64][]zoneRow{}
	byCode := map[string]zoneRow{}
	for _, z := range all {
		byCode[z.Code] = z
		if z.ParentID != nil {
			children[*z.ParentID] = append(children[*z.ParentID], z)
		}
	}
	p.Zones = map[string]bool{}
	var walk func(z zoneRow)
	walk = func(z zoneRow) {
		if p.Zones[z.Code] {
			return
		}
		p.Zones[z.Code] = true
		for _, c := range children[z.ID] {
			walk(c)
		}
	}
	for _, code := range own {
		walk(byCode[code])
	}
	return p, nil
}

func randomSecret(prefix string) string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("storage: no randomness: " + err.Error())
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b[:])
}

// secretHash is the stored form of a secret: the hex of its SHA-256. Every
// request with a token or a session asks it, so it makes only the string.
func secretHash(s string) string {
	h := sha256.Sum256([]byte(s))
	var out [2 * sha256.Size]byte
	hex.Encode(out[:], h[:])
	return string(out[:])
}

// CreateSession starts a session for a signed-in principal and returns its
// secret (for the cookie) and CSRF token. Only the secret's hash is stored.
func (s *Store) CreateSession(ctx context.Context, p *indicators.Principal) (secret, csrf string, err error) {
	secret, csrf = randomSecret(""), randomSecret("")
	now := s.Now()
	err = s.transact(ctx, s.adb, func(tx *gorm.DB) error {
		if err := tx.Where("expires_at < ?", now).Delete(&sessionRow{}).Error; err != nil {
			return translate(err, "sessions")
		}
		return translate(tx.Create(&sessionRow{ID: secretHash(secret), UserID: p.UserID, CsrfToken: csrf, CreatedAt: now, ExpiresAt: now.Add(SessionLifetime)}).Error, "session")
	})
	return secret, csrf, err
}

// SessionPrincipal resolves a session cookie's secret. Resolved sessions
// are cached until the next write anywhere (signing out, disabling a user
// and changing roles are writes) or their end.
func (s *Store) SessionPrincipal(ctx context.Context, secret string) (*indicators.Principal, error) {
	id := secretHash(secret)
	now := s.Now()
	cached := s.cachesPrincipals()
	if p := s.cache.principal(id, now); cached && p != nil {
		return p, nil
	}
	gen := s.cache.gen.Load()
	var p *indicators.Principal
	var expires time.Time
	var sess sessionRow
	if err := s.adb.WithContext(ctx).Where("id = ? AND expires_at > ?", id, now).Take(&sess).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, indicators.Errorf(indicators.Unauthorized, "the session has ended: sign in again")
		}
		return nil, translate(err, "session")
	}
	err := s.rdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var u userRow
		if err := tx.Where("id = ? AND NOT disabled", sess.UserID).Take(&u).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return indicators.Errorf(indicators.Unauthorized, "the account is disabled")
			}
			return translate(err, "user")
		}
		var err error
		if p, err = principal(tx, &u); err != nil {
			return err
		}
		p.Session, p.CSRF, expires = sess.ID, sess.CsrfToken, sess.ExpiresAt
		return nil
	})
	if err == nil && cached {
		s.cache.putPrincipal(id, p, expires, gen)
	}
	return p, err
}

// EndSession signs a session out; like every write it reaches the other
// instances' caches.
func (s *Store) EndSession(ctx context.Context, sessionID string) error {
	return s.writeSignin(ctx, func(tx *gorm.DB) error {
		return translate(tx.Where("id = ?", sessionID).Delete(&sessionRow{}).Error, "session")
	})
}

// SetLanguage remembers a user's language.
func (s *Store) SetLanguage(ctx context.Context, user int64, lang string) error {
	// Through write, so that cached principals (here and on other
	// instances) pick the new language up at once.
	return s.write(ctx, func(tx *gorm.DB) error {
		scoresUnchanged(tx)
		return translate(tx.Model(&userRow{}).Where("id = ?", user).Update("language", lang).Error, "user")
	})
}

// endAccess ends every session of a user and revokes every API token, in
// the transaction of the change that calls for it, each token with an
// audit event as if revoked by hand. Like every write it reaches the
// caches of this and the other instances once it commits, so a session or
// token resolved before is refused from then on.
func (s *Store) endAccess(tx *gorm.DB, user int64, by *indicators.Principal, reason string) error {
	if err := s.endSessions(tx, user); err != nil {
		return err
	}
	return s.revokeTokens(tx, user, by, reason)
}

// revokeTokens revokes every API token of a user, each with its audit
// event.
func (s *Store) revokeTokens(tx *gorm.DB, user int64, by *indicators.Principal, reason string) error {
	var toks []tokenRow
	if err := tx.Where("user_id = ? AND revoked_at IS NULL", user).Order("id").Find(&toks).Error; err != nil {
		return translate(err, "tokens")
	}
	if len(toks) == 0 {
		return nil
	}
	if err := tx.Model(&tokenRow{}).Where("user_id = ? AND revoked_at IS NULL", user).Update("revoked_at", s.Now()).Error; err != nil {
		return translate(err, "tokens")
	}
	for _, t := range toks {
		if _, err := s.auditG(tx, func(int64) (event, error) {
			return event{actor: by.Email, entity: "token", entityID: t.Prefix, action: "revoke", reason: reason}, nil
		}); err != nil {
			return err
		}
	}
	return nil
}
