package indicators

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// SpooledEvidence is an evidence file copied to a temporary file, hashed
// and typed on the way. Remove deletes the copy; it is safe to call twice.
type SpooledEvidence struct {
	EvidenceFile
	path string
}

// SpoolEvidence copies r — one file sent under name — to a temporary file
// in dir (os.TempDir when empty), hashing it as it goes and refusing it,
// with a TooLarge error, past limit bytes; then tells its type by content
// (SniffEvidence). On any error nothing is left behind. An error of r
// itself (such as *http.MaxBytesError) is wrapped, so the caller can still
// tell it.
func SpoolEvidence(r io.Reader, name string, limit int64, dir string) (*SpooledEvidence, error) {
	name, err := EvidenceName(name)
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, "evidence-*")
	if err != nil {
		return nil, fmt.Errorf("indicators: spool evidence: %w", err)
	}
	sp := &SpooledEvidence{path: f.Name()}
	keep := false
	defer func() {
		_ = f.Close()
		if !keep {
			sp.Remove()
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(r, limit+1))
	var ie *Error
	switch {
	case errors.As(err, &ie):
		return nil, ie
	case err != nil:
		return nil, fmt.Errorf("indicators: spool evidence: %w", err)
	case n > limit:
		mb := fmt.Sprint(max(limit>>20, 1))
		e := Errorf(TooLarge, "the file %q is larger than the limit of %s MiB for an evidence file", name, mb)
		e.Fields = []FieldError{{Field: "evidence", Code: "evidence_too_large", Message: e.Message, Args: map[string]string{"name": name, "limit": mb}}}
		return nil, e
	}
	ct, err := SniffEvidence(f, n)
	if err != nil {
		if e := (*Error)(nil); errors.As(err, &e) {
			// The message is ours: it is not cut as an excerpt.
			msg := strings.Replace(e.Message, "the file", "the file "+quoteName(Excerpt(name)), 1)
			return nil, &Error{Code: e.Code, Message: msg,
				Fields: []FieldError{{Field: "evidence", Code: "evidence_type", Message: msg, Args: map[string]string{"name": name}}}}
		}
		return nil, fmt.Errorf("indicators: sniff evidence: %w", err)
	}
	sp.Name, sp.SHA256, sp.Size, sp.ContentType = name, hex.EncodeToString(h.Sum(nil)), n, ct
	path := sp.path
	sp.Body = func() (ReadSeekCloser, error) { return os.Open(path) }
	keep = true
	return sp, nil
}

func quoteName(name string) string { return fmt.Sprintf("%q", name) }

// Remove deletes the temporary copy.
func (sp *SpooledEvidence) Remove() {
	if sp != nil && sp.path != "" {
		_ = os.Remove(sp.path)
	}
}

// EvidenceName is the name a file is kept under: its base name (a browser
// may send a path), checked to be text of at most MaxEvidenceName bytes.
func EvidenceName(name string) (string, error) {
	name = strings.TrimSpace(filepath.Base(strings.ReplaceAll(name, `\`, "/")))
	switch {
	case name == "" || name == "." || name == "/":
		return "", Errorf(Invalid, "a file was sent without a name")
	case !utf8.ValidString(name) || CheckText(name) != nil || strings.ContainsAny(name, "\r\n\""):
		return "", Errorf(Invalid, "the file name %q has characters a file name may not hold", Excerpt(name))
	case len(name) > MaxEvidenceName:
		return "", Errorf(Invalid, "the file name %q is longer than %d bytes", Excerpt(name), MaxEvidenceName)
	}
	return name, nil
}
