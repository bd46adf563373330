package indicators

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"time"
)

// The installation signs what it vouches for — auditor's bundles and
// signed-off scorecards (SPEC §9) — with an Ed25519 key. These are the
// pieces a verifier needs with no server: the key's id, the PEM forms and
// the check of a signature.

// SignatureAlgorithm is the one algorithm the installation signs with.
const SignatureAlgorithm = "ed25519"

// PublicKey is one of the installation's signing keys, as anyone may see
// it: PublicKey is the standard base64 of the 32 bytes, PEM the same key
// as a PKIX "PUBLIC KEY" block. Source says where the private half lives
// ("database", or "file" for IGMC_SIGNING_KEY). A retired key signs
// nothing new but stays listed, so that what it signed can be checked.
type PublicKey struct {
	KeyID     string     `json:"key_id"`
	Algorithm string     `json:"algorithm"`
	PublicKey string     `json:"public_key"`
	PEM       string     `json:"pem"`
	Source    string     `json:"source"`
	Active    bool       `json:"active"`
	CreatedAt time.Time  `json:"created_at"`
	RetiredAt *time.Time `json:"retired_at,omitempty"`
}

// Signature is a detached signature: Value is the standard base64 of the
// 64-byte Ed25519 signature of the signed bytes, KeyID names the key.
type Signature struct {
	KeyID     string `json:"key_id"`
	Algorithm string `json:"algorithm"`
	Value     string `json:"signature"`
}

// KeyID names a public key: the hex of the first 8 bytes of its SHA-256.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// Verify reports whether sig is pub's signature of msg. A signature of
// another algorithm or key, or one that does not decode, is not.
func (sig Signature) Verify(pub ed25519.PublicKey, msg []byte) error {
	if sig.Algorithm != SignatureAlgorithm {
		return fmt.Errorf("the signature's algorithm is %q, not %s", Excerpt(sig.Algorithm), SignatureAlgorithm)
	}
	if sig.KeyID != KeyID(pub) {
		return fmt.Errorf("the signature names key %s, not key %s", Excerpt(sig.KeyID), KeyID(pub))
	}
	raw, err := base64.StdEncoding.DecodeString(sig.Value)
	if err != nil || len(raw) != ed25519.SignatureSize {
		return errors.New("the signature is not a base64 Ed25519 signature")
	}
	if !ed25519.Verify(pub, msg, raw) {
		return errors.New("the signature does not match the signed bytes")
	}
	return nil
}

// PublicKeyPEM writes pub as a PKIX "PUBLIC KEY" PEM block (what
// `openssl pkey -pubout` writes).
func PublicKeyPEM(pub ed25519.PublicKey) string {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		panic(err) // an ed25519.PublicKey always marshals
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// ParsePublicKeyPEM reads an Ed25519 public key from a "PUBLIC KEY" PEM
// block, or from the key's standard base64 (as GET /api/v1/signing-key
// gives it).
func ParsePublicKeyPEM(b []byte) (ed25519.PublicKey, error) {
	if blk, _ := pem.Decode(b); blk != nil {
		if blk.Type != "PUBLIC KEY" {
			return nil, fmt.Errorf("the PEM block is %q, not PUBLIC KEY", Excerpt(blk.Type))
		}
		k, err := x509.ParsePKIXPublicKey(blk.Bytes)
		if err != nil {
			return nil, errors.New("the PUBLIC KEY block does not hold a key")
		}
		pub, ok := k.(ed25519.PublicKey)
		if !ok {
			return nil, errors.New("the key is not an Ed25519 key")
		}
		return pub, nil
	}
	raw, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(b)))
	if err != nil || len(raw) != ed25519.PublicKeySize {
		return nil, errors.New("not a PEM public key nor the base64 of an Ed25519 public key")
	}
	return ed25519.PublicKey(raw), nil
}

// ParsePrivateKeyPEM reads an Ed25519 private key from a PKCS #8
// "PRIVATE KEY" PEM block (what `openssl genpkey -algorithm ed25519`
// writes).
func ParsePrivateKeyPEM(b []byte) (ed25519.PrivateKey, error) {
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PRIVATE KEY" {
		return nil, errors.New("the file holds no PKCS #8 PRIVATE KEY PEM block")
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, errors.New("the PRIVATE KEY block does not hold a key")
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, errors.New("the key is not an Ed25519 key")
	}
	return priv, nil
}

// PrivateKeyPEM writes priv as a PKCS #8 "PRIVATE KEY" PEM block.
func PrivateKeyPEM(priv ed25519.PrivateKey) []byte {
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		panic(err) // an ed25519.PrivateKey always marshals
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}
