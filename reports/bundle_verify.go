package reports

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
)

// VerifyBundle checks an auditor's bundle against its manifest: every
// listed file must be there with the listed size and sha256, and every
// file but the manifest must be listed. It returns one problem per line,
// each naming its file, and the manifest as read; the error is for a file
// that is not a zip at all.
func VerifyBundle(r io.ReaderAt, size int64) ([]string, BundleManifest, error) {
	var m BundleManifest
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, m, fmt.Errorf("reports: bundle: %w", err)
	}
	var problems []string
	entries := map[string]*zip.File{}
	for _, f := range zr.File {
		if entries[f.Name] != nil {
			problems = append(problems, f.Name+": appears more than once in the bundle")
			continue
		}
		entries[f.Name] = f
	}
	mf := entries[ManifestName]
	if mf == nil {
		return append(problems, ManifestName+": not in the bundle"), m, nil
	}
	if err := readManifest(mf, &m); err != nil {
		return append(problems, ManifestName+": "+err.Error()), m, nil
	}
	listed := map[string]bool{ManifestName: true}
	for _, lf := range m.Files {
		if listed[lf.Name] {
			problems = append(problems, lf.Name+": listed more than once in the manifest")
			continue
		}
		listed[lf.Name] = true
		f := entries[lf.Name]
		if f == nil {
			problems = append(problems, lf.Name+": listed in the manifest but not in the bundle")
			continue
		}
		sum, n, err := digest(f)
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("%s: cannot be read: %v", lf.Name, err))
		case n != lf.Size:
			problems = append(problems, fmt.Sprintf("%s: size %d differs from the manifest (%d)", lf.Name, n, lf.Size))
		case sum != lf.SHA256:
			problems = append(problems, lf.Name+": sha256 differs from the manifest")
		}
	}
	for _, f := range zr.File {
		if !listed[f.Name] {
			problems = append(problems, f.Name+": not listed in the manifest")
		}
	}
	return problems, m, nil
}

func readManifest(f *zip.File, m *BundleManifest) error {
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("cannot be read: %w", err)
	}
	defer rc.Close()
	if err := json.NewDecoder(rc).Decode(m); err != nil {
		return fmt.Errorf("not a valid manifest: %w", err)
	}
	return nil
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
