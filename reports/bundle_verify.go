package reports

import (
	"archive/zip"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"igmc/indicators"
)

// BundleCheck is what checking a bundle found: one problem per line, each
// naming its file; the manifest as read; and the id of the key whose
// signature of the manifest verified (empty when none did).
type BundleCheck struct {
	Problems []string
	Manifest BundleManifest
	SignedBy string
}

// maxManifestBytes bounds manifest.json and manifest.sig as read back.
const maxManifestBytes = 64 << 20

// VerifyBundle checks an auditor's bundle against its manifest and the
// manifest against its signature by the key the bundle carries (see
// CheckBundle). It returns the problems and the manifest as read; the
// error is for a file that is not a zip at all.
func VerifyBundle(r io.ReaderAt, size int64) ([]string, BundleManifest, error) {
	c, err := CheckBundle(r, size, nil)
	return c.Problems, c.Manifest, err
}

// CheckBundle checks an auditor's bundle: every file the manifest lists
// must be there with the listed size and sha256, every file but the
// manifest and its signature must be listed, and manifest.sig must be a
// signature of manifest.json's exact bytes by key — or, with key nil, by
// the key in signing-key.pem (whose hash the manifest lists). The error
// is for a file that is not a zip at all.
func CheckBundle(r io.ReaderAt, size int64, key ed25519.PublicKey) (BundleCheck, error) {
	var c BundleCheck
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return c, fmt.Errorf("reports: bundle: %w", err)
	}
	entries := map[string]*zip.File{}
	for _, f := range zr.File {
		if entries[f.Name] != nil {
			c.Problems = append(c.Problems, f.Name+": appears more than once in the bundle")
			continue
		}
		entries[f.Name] = f
	}
	mf := entries[ManifestName]
	if mf == nil {
		c.Problems = append(c.Problems, ManifestName+": not in the bundle")
		return c, nil
	}
	raw, err := readEntry(mf)
	if err == nil {
		if err = json.Unmarshal(raw, &c.Manifest); err != nil {
			err = errors.New("not a valid manifest")
		}
	}
	if err != nil {
		c.Problems = append(c.Problems, ManifestName+": "+err.Error())
		return c, nil
	}
	listed := map[string]bool{ManifestName: true, SignatureName: true}
	for _, lf := range c.Manifest.Files {
		if listed[lf.Name] {
			c.Problems = append(c.Problems, lf.Name+": listed more than once in the manifest")
			continue
		}
		listed[lf.Name] = true
		f := entries[lf.Name]
		if f == nil {
			c.Problems = append(c.Problems, lf.Name+": listed in the manifest but not in the bundle")
			continue
		}
		sum, n, err := digest(f)
		switch {
		case err != nil:
			c.Problems = append(c.Problems, fmt.Sprintf("%s: cannot be read: %v", lf.Name, err))
		case n != lf.Size:
			c.Problems = append(c.Problems, fmt.Sprintf("%s: size %d differs from the manifest (%d)", lf.Name, n, lf.Size))
		case sum != lf.SHA256:
			c.Problems = append(c.Problems, lf.Name+": sha256 differs from the manifest")
		}
	}
	for _, f := range zr.File {
		if !listed[f.Name] {
			c.Problems = append(c.Problems, f.Name+": not listed in the manifest")
		}
	}
	if p := checkSignature(entries, raw, key, &c); p != "" {
		c.Problems = append(c.Problems, p)
	}
	return c, nil
}

// checkSignature checks manifest.sig against the manifest's bytes and
// returns the problem, naming the file, or "" with c.SignedBy set.
func checkSignature(entries map[string]*zip.File, manifest []byte, key ed25519.PublicKey, c *BundleCheck) string {
	sf := entries[SignatureName]
	if sf == nil {
		return SignatureName + ": not in the bundle (the manifest is not signed)"
	}
	b, err := readEntry(sf)
	if err != nil {
		return SignatureName + ": " + err.Error()
	}
	var sig indicators.Signature
	if err := json.Unmarshal(b, &sig); err != nil {
		return SignatureName + ": not a signature file"
	}
	if key == nil {
		kf := entries[SigningKeyName]
		if kf == nil {
			return SigningKeyName + ": not in the bundle (give the signer's key with --key)"
		}
		pem, err := readEntry(kf)
		if err != nil {
			return SigningKeyName + ": " + err.Error()
		}
		if key, err = indicators.ParsePublicKeyPEM(pem); err != nil {
			return SigningKeyName + ": " + err.Error()
		}
	}
	if err := sig.Verify(key, manifest); err != nil {
		return ManifestName + " / " + SignatureName + ": " + err.Error()
	}
	c.SignedBy = sig.KeyID
	return ""
}

// readEntry reads a small zip entry whole (the manifest, its signature,
// the key).
func readEntry(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("cannot be read: %w", err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxManifestBytes+1))
	if err != nil {
		return nil, fmt.Errorf("cannot be read: %w", err)
	}
	if len(b) > maxManifestBytes {
		return nil, fmt.Errorf("larger than %d MB", maxManifestBytes>>20)
	}
	return b, nil
}

// digest hashes and counts a zip entry as it reads it.
func digest(f *zip.File) (string, int64, error) {
	rc, err := f.Open()
	if err != nil {
		return "", 0, err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return "", n, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
