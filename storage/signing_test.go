package storage_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// The key is made on first start, kept across restarts, signs verifiably,
// and a rotation lists the old key as retired while the new one signs.
func TestSigningKeyLifecycle(t *testing.T) {
	for _, e := range storagetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			ctx := context.Background()
			s, url := storagetest.OpenURL(t, e)
			keys, err := s.SigningKeys(ctx)
			if err != nil || len(keys) != 1 || !keys[0].Active || keys[0].Source != "database" {
				t.Fatalf("keys after first start = %+v, %v; want one active database key", keys, err)
			}
			first := keys[0]
			pub, err := indicators.ParsePublicKeyPEM([]byte(first.PEM))
			if err != nil || indicators.KeyID(pub) != first.KeyID {
				t.Fatalf("PEM of %s reads back as %v, %v", first.KeyID, pub, err)
			}
			msg := []byte("manifest bytes")
			sig, err := s.Sign(ctx, msg)
			if err != nil || sig.KeyID != first.KeyID {
				t.Fatalf("sign = %+v, %v", sig, err)
			}
			if err := sig.Verify(pub, msg); err != nil {
				t.Fatalf("verify: %v", err)
			}
			if err := sig.Verify(pub, []byte("manifest byteS")); err == nil {
				t.Fatal("a changed message verified")
			}

			// A second store on the same database (a restart, another
			// instance) keeps the key.
			s2, err := storage.Open(ctx, storage.Options{DatabaseURL: url, PasswordCost: bcrypt.MinCost})
			if err != nil {
				t.Fatal(err)
			}
			defer s2.Close()
			if again, err := s2.SigningKeys(ctx); err != nil || len(again) != 1 || again[0].KeyID != first.KeyID {
				t.Fatalf("keys after restart = %+v, %v; want %s only", again, err, first.KeyID)
			}

			if _, err := s.RotateSigningKey(ctx, &indicators.Principal{Email: "o@example.org", Role: indicators.RoleOfficer}); err == nil {
				t.Fatal("an officer rotated the key")
			}
			made, err := s.RotateSigningKey(ctx, indicators.System)
			if err != nil || made.KeyID == first.KeyID {
				t.Fatalf("rotate = %+v, %v", made, err)
			}
			keys, err = s2.SigningKeys(ctx)
			if err != nil || len(keys) != 2 || keys[0].KeyID != made.KeyID || !keys[0].Active || keys[1].KeyID != first.KeyID || keys[1].Active || keys[1].RetiredAt == nil {
				t.Fatalf("keys after rotation = %+v, %v", keys, err)
			}
			if sig, err := s2.Sign(ctx, msg); err != nil || sig.KeyID != made.KeyID {
				t.Fatalf("the other instance signs with %+v, %v; want the new key", sig, err)
			}
		})
	}
}

// IGMC_SIGNING_KEY: the file's key signs, is listed with its public half,
// and cannot be rotated from the program; a file without a key is refused
// at start.
func TestSigningKeyFile(t *testing.T) {
	for _, e := range storagetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			ctx := context.Background()
			pub, priv, _ := ed25519.GenerateKey(rand.Reader)
			dir := t.TempDir()
			path := filepath.Join(dir, "key.pem")
			if err := os.WriteFile(path, indicators.PrivateKeyPEM(priv), 0o600); err != nil {
				t.Fatal(err)
			}
			url := storagetest.URL(t, e)
			s, err := storage.Open(ctx, storage.Options{DatabaseURL: url, PasswordCost: bcrypt.MinCost, SigningKeyFile: path})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			sig, err := s.Sign(ctx, []byte("x"))
			if err != nil || sig.KeyID != indicators.KeyID(pub) || sig.Verify(pub, []byte("x")) != nil {
				t.Fatalf("sign = %+v, %v; want key %s", sig, err, indicators.KeyID(pub))
			}
			keys, err := s.SigningKeys(ctx)
			if err != nil || len(keys) == 0 || keys[0].KeyID != indicators.KeyID(pub) || keys[0].Source != "file" || !keys[0].Active {
				t.Fatalf("keys = %+v, %v", keys, err)
			}
			if _, err := s.RotateSigningKey(ctx, indicators.System); err == nil || !strings.Contains(err.Error(), "IGMC_SIGNING_KEY") {
				t.Fatalf("rotating a file key: %v", err)
			}
			bad := filepath.Join(dir, "bad.pem")
			_ = os.WriteFile(bad, []byte("not a key"), 0o600)
			if _, err := storage.Open(ctx, storage.Options{DatabaseURL: url, PasswordCost: bcrypt.MinCost, SigningKeyFile: bad}); err == nil || !strings.Contains(err.Error(), "PRIVATE KEY") {
				t.Fatalf("open with a bad key file: %v", err)
			}
		})
	}
}
