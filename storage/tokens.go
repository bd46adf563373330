package storage

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"igmc/indicators"
)

// CreateToken makes an API token for the principal and returns its secret,
// which is shown this once: only its hash is kept.
func (s *Store) CreateToken(ctx context.Context, p *indicators.Principal, name string) (indicators.Token, string, error) {
	if strings.TrimSpace(name) == "" || len(name) > 100 {
		return indicators.Token{}, "", indicators.FieldsError("the token is not valid", []indicators.FieldError{{Field: "name", Code: "required", Message: "name is required (at most 100 characters)"}})
	}
	secret := randomSecret("igmc_")
	row := tokenRow{UserID: p.UserID, Name: name, TokenHash: secretHash(secret), Prefix: secret[:9], CreatedAt: s.Now()}
	err := s.write(ctx, func(tx *gorm.DB) error {
		scoresUnchanged(tx)
		if err := tx.Create(&row).Error; err != nil {
			return translate(err, "token")
		}
		_, err := s.auditG(tx, func(int64) (event, error) {
			return event{actor: p.Email, entity: "token", entityID: row.Prefix, action: "create", new: map[string]any{"name": name, "user": p.Email}}, nil
		})
		return err
	})
	return row.domain(), secret, err
}

func (r *tokenRow) domain() indicators.Token {
	return indicators.Token{ID: r.ID, Name: r.Name, Prefix: r.Prefix, CreatedAt: r.CreatedAt.UTC(), LastUsedAt: r.LastUsedAt, RevokedAt: r.RevokedAt}
}

// ListTokens lists a user's tokens, newest first.
func (s *Store) ListTokens(ctx context.Context, user int64) ([]indicators.Token, error) {
	var rows []tokenRow
	if err := s.rdb.WithContext(ctx).Where("user_id = ?", user).Order("id DESC").Find(&rows).Error; err != nil {
		return nil, translate(err, "tokens")
	}
	out := make([]indicators.Token, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

// RevokeToken revokes one of the principal's tokens (an administrator may
// revoke anyone's).
func (s *Store) RevokeToken(ctx context.Context, p *indicators.Principal, id int64) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		scoresUnchanged(tx)
		var row tokenRow
		if err := tx.Where("id = ?", id).Take(&row).Error; err != nil {
			return translate(err, "token")
		}
		if row.UserID != p.UserID && p.Role != indicators.RoleAdmin {
			return indicators.Errorf(indicators.NotFound, "token not found")
		}
		if row.RevokedAt != nil {
			return nil
		}
		now := s.Now()
		if err := tx.Model(&row).Update("revoked_at", now).Error; err != nil {
			return translate(err, "token")
		}
		_, err := s.auditG(tx, func(int64) (event, error) {
			return event{actor: p.Email, entity: "token", entityID: row.Prefix, action: "revoke"}, nil
		})
		return err
	})
}

// TokenPrincipal resolves a bearer token, cached like sessions (see
// SessionPrincipal); a revocation is a write and takes effect at once.
func (s *Store) TokenPrincipal(ctx context.Context, secret string) (*indicators.Principal, error) {
	hash := secretHash(secret)
	now := s.Now()
	cached := s.cachesPrincipals()
	if p := s.cache.principal(hash, now); cached && p != nil {
		return p, nil
	}
	gen := s.cache.gen.Load()
	var p *indicators.Principal
	var row tokenRow
	// Using a token only reads (the main file's readers on SQLite), so it
	// never waits for a writer; its last use is stamped on the side.
	err := s.rdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("token_hash = ? AND revoked_at IS NULL", hash).Take(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return indicators.Errorf(indicators.Unauthorized, "the token is not valid or was revoked")
			}
			return translate(err, "token")
		}
		var u userRow
		if err := tx.Where("id = ? AND NOT disabled", row.UserID).Take(&u).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return indicators.Errorf(indicators.Unauthorized, "the account is disabled")
			}
			return translate(err, "user")
		}
		var err error
		p, err = principal(tx, &u)
		return err
	})
	if err == nil {
		if cached {
			s.cache.putPrincipal(hash, p, now.Add(5*time.Minute), gen)
		}
		if row.LastUsedAt == nil || now.Sub(*row.LastUsedAt) > time.Minute {
			s.touchToken(ctx, row.ID, now)
		}
	}
	return p, err
}

// touchToken records when a token was last used (to the minute). Using a
// token only reads; the stamp is written on the side, so a request with a
// token never waits for the writer (on SQLite an import may hold it for
// seconds). At most one stamp per token is pending; a failed one is logged
// and the next use tries again.
func (s *Store) touchToken(ctx context.Context, id int64, now time.Time) {
	if _, pending := s.touching.LoadOrStore(id, true); pending {
		return
	}
	s.touches.Add(1)
	go func() {
		defer s.touches.Done()
		defer s.touching.Delete(id)
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		err := s.transact(wctx, s.db, func(tx *gorm.DB) error {
			return tx.Model(&tokenRow{}).Where("id = ?", id).Update("last_used_at", now).Error
		})
		if err != nil {
			s.log.Warn("could not record a token's last use", "token", id, "err", err)
		}
	}()
}
