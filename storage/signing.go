package storage

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"os"
	"time"

	"gorm.io/gorm"

	"igmc/indicators"
)

// The installation's signing key (SPEC §9). By default it is an Ed25519
// key made on first start and kept in the database, so that every instance
// serving the same database signs with it; Options.SigningKeyFile
// (IGMC_SIGNING_KEY) names a PKCS #8 PEM file instead, whose public half
// is then listed with the others. Rotating makes a new database key and
// retires the old one, which stays listed: what it signed still verifies.
// The private key never leaves this file's functions.

// Where a key's private half lives.
const (
	keyInDatabase = "database"
	keyInFile     = "file"
)

type signingKeyRow struct {
	KeyID      string     `gorm:"column:key_id;primaryKey"`
	PublicKey  []byte     `gorm:"column:public_key"`
	PrivateKey []byte     `gorm:"column:private_key"`
	Source     string     `gorm:"column:source"`
	CreatedAt  time.Time  `gorm:"column:created_at"`
	RetiredAt  *time.Time `gorm:"column:retired_at"`
}

func (signingKeyRow) TableName() string { return "signing_keys" }

// readSigningKeyFile reads the key of IGMC_SIGNING_KEY.
func readSigningKeyFile(path string) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("storage: signing key: %w", err)
	}
	k, err := indicators.ParsePrivateKeyPEM(b)
	if err != nil {
		return nil, fmt.Errorf("storage: signing key %s: %v", path, err)
	}
	return k, nil
}

// initSigningKey makes the database key when there is none, or lists the
// file key's public half. It runs once, when the store opens.
func (s *Store) initSigningKey(ctx context.Context) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		scoresUnchanged(tx)
		if s.fileKey != nil {
			pub := s.fileKey.Public().(ed25519.PublicKey)
			row := signingKeyRow{KeyID: indicators.KeyID(pub), PublicKey: pub, Source: keyInFile, CreatedAt: s.Now().UTC().Truncate(time.Microsecond)}
			var n int64
			if err := tx.Model(&signingKeyRow{}).Where("key_id = ?", row.KeyID).Count(&n).Error; err != nil {
				return translate(err, "signing key")
			}
			if n > 0 {
				return nil
			}
			return translate(tx.Create(&row).Error, "signing key")
		}
		var n int64
		if err := tx.Model(&signingKeyRow{}).Where("source = ? AND retired_at IS NULL", keyInDatabase).Count(&n).Error; err != nil {
			return translate(err, "signing key")
		}
		if n > 0 {
			return nil
		}
		_, err := s.newDatabaseKey(tx)
		return err
	})
}

func (s *Store) newDatabaseKey(tx *gorm.DB) (signingKeyRow, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return signingKeyRow{}, fmt.Errorf("storage: make signing key: %w", err)
	}
	row := signingKeyRow{KeyID: indicators.KeyID(pub), PublicKey: pub, PrivateKey: priv.Seed(), Source: keyInDatabase,
		CreatedAt: s.Now().UTC().Truncate(time.Microsecond)}
	return row, translate(tx.Create(&row).Error, "signing key")
}

// activeKey is the key that signs now.
func (s *Store) activeKey(ctx context.Context) (ed25519.PrivateKey, error) {
	return s.activeKeyOn(s.db.WithContext(ctx))
}

// activeKeyOn is activeKey read on db, which may be a transaction.
func (s *Store) activeKeyOn(db *gorm.DB) (ed25519.PrivateKey, error) {
	if s.fileKey != nil {
		return s.fileKey, nil
	}
	var row signingKeyRow
	err := db.Where("source = ? AND retired_at IS NULL", keyInDatabase).Take(&row).Error
	if err != nil {
		return nil, translate(err, "signing key")
	}
	if len(row.PrivateKey) != ed25519.SeedSize {
		return nil, fmt.Errorf("storage: signing key %s: the stored private key is damaged", row.KeyID)
	}
	return ed25519.NewKeyFromSeed(row.PrivateKey), nil
}

// Sign signs msg with the installation's active key.
func (s *Store) Sign(ctx context.Context, msg []byte) (indicators.Signature, error) {
	k, err := s.activeKey(ctx)
	if err != nil {
		return indicators.Signature{}, err
	}
	return signWith(k, msg), nil
}

// signWith signs msg with k.
func signWith(k ed25519.PrivateKey, msg []byte) indicators.Signature {
	pub := k.Public().(ed25519.PublicKey)
	return indicators.Signature{KeyID: indicators.KeyID(pub), Algorithm: indicators.SignatureAlgorithm,
		Value: base64.StdEncoding.EncodeToString(ed25519.Sign(k, msg))}
}

// SigningKeys lists every key the installation has signed with, the
// active one first, then the others newest first.
func (s *Store) SigningKeys(ctx context.Context) ([]indicators.PublicKey, error) {
	var rows []signingKeyRow
	if err := s.rdb.WithContext(ctx).Select("key_id, public_key, source, created_at, retired_at").Order("created_at DESC, key_id").Find(&rows).Error; err != nil {
		return nil, translate(err, "signing keys")
	}
	active := ""
	if k, err := s.activeKey(ctx); err == nil {
		active = indicators.KeyID(k.Public().(ed25519.PublicKey))
	} else {
		return nil, err
	}
	out := make([]indicators.PublicKey, 0, len(rows))
	for _, r := range rows {
		pub := ed25519.PublicKey(r.PublicKey)
		k := indicators.PublicKey{KeyID: r.KeyID, Algorithm: indicators.SignatureAlgorithm, PublicKey: base64.StdEncoding.EncodeToString(pub),
			PEM: indicators.PublicKeyPEM(pub), Source: r.Source, Active: r.KeyID == active, CreatedAt: r.CreatedAt.UTC(), RetiredAt: r.RetiredAt}
		if k.RetiredAt != nil {
			t := k.RetiredAt.UTC()
			k.RetiredAt = &t
		}
		if k.Active {
			out = append([]indicators.PublicKey{k}, out...)
		} else {
			out = append(out, k)
		}
	}
	return out, nil
}

// RotateSigningKey makes a new database key and retires the active one,
// as an administrator; audited. A key from IGMC_SIGNING_KEY is rotated by
// replacing the file.
func (s *Store) RotateSigningKey(ctx context.Context, by *indicators.Principal) (indicators.PublicKey, error) {
	if by == nil || by.Role != indicators.RoleAdmin {
		return indicators.PublicKey{}, indicators.Errorf(indicators.Forbidden, "only an administrator may rotate the signing key")
	}
	if s.fileKey != nil {
		return indicators.PublicKey{}, indicators.Errorf(indicators.Conflict, "the signing key is read from IGMC_SIGNING_KEY: put a new key in that file instead")
	}
	var made signingKeyRow
	err := s.write(ctx, func(tx *gorm.DB) error {
		scoresUnchanged(tx)
		var old signingKeyRow
		if err := tx.Where("source = ? AND retired_at IS NULL", keyInDatabase).Take(&old).Error; err != nil {
			return translate(err, "signing key")
		}
		now := s.Now().UTC().Truncate(time.Microsecond)
		if err := tx.Model(&signingKeyRow{}).Where("key_id = ?", old.KeyID).Update("retired_at", now).Error; err != nil {
			return translate(err, "signing key")
		}
		var err error
		if made, err = s.newDatabaseKey(tx); err != nil {
			return err
		}
		_, err = s.auditG(tx, func(int64) (event, error) {
			return event{actor: by.Email, entity: "signing_key", entityID: made.KeyID, action: "rotate",
				old: map[string]string{"key_id": old.KeyID}, new: map[string]string{"key_id": made.KeyID}}, nil
		})
		return err
	})
	if err != nil {
		return indicators.PublicKey{}, err
	}
	pub := ed25519.PublicKey(made.PublicKey)
	return indicators.PublicKey{KeyID: made.KeyID, Algorithm: indicators.SignatureAlgorithm, PublicKey: base64.StdEncoding.EncodeToString(pub),
		PEM: indicators.PublicKeyPEM(pub), Source: keyInDatabase, Active: true, CreatedAt: made.CreatedAt}, nil
}
