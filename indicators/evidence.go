package indicators

import (
	"regexp"
	"time"
)

// Evidence files (SPEC §9): the documents behind a value — a yearbook page,
// a monitoring report, a utility's statement. A file is kept once per
// SHA-256 of its bytes and attached to as many values as cite it.

// DefaultMaxEvidence is the largest evidence file taken when
// IGMC_EVIDENCE_MAX_MB does not say otherwise.
const DefaultMaxEvidence = 20 << 20

// MaxEvidencePerRequest is the most files one upload may attach; the
// import of a zip has its own, larger bound (MaxEvidenceZipEntries).
const MaxEvidencePerRequest = 20

// MaxEvidenceName is the longest original file name kept (in bytes).
const MaxEvidenceName = 255

// Evidence is one file attached to one value.
type Evidence struct {
	SHA256      string `json:"sha256"`
	Name        string `json:"name"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
	// MeasurementID is the value it is attached to and Version the
	// value's version when it was.
	MeasurementID int64     `json:"measurement_id"`
	Version       int       `json:"version"`
	AddedBy       string    `json:"added_by"`
	AddedAt       time.Time `json:"added_at"`
}

// EvidenceFile is a file ready to store: its bytes were read once, hashed
// and their type told by content (SniffEvidence). Body reads them again
// from the start; storage may call it more than once (a retried write).
type EvidenceFile struct {
	Name        string
	SHA256      string
	Size        int64
	ContentType string
	Body        func() (ReadSeekCloser, error)
}

// ReadSeekCloser is what EvidenceFile.Body opens: a spooled file.
type ReadSeekCloser interface {
	Read(p []byte) (int, error)
	Seek(offset int64, whence int) (int64, error)
	Close() error
}

// EvidenceEvent is what the audit event of an attachment records on the
// value: which version it was attached to and the files, by hash.
type EvidenceEvent struct {
	Zone      string              `json:"zone"`
	Indicator string              `json:"indicator"`
	Period    string              `json:"period"`
	Version   int                 `json:"version"`
	Files     []EvidenceEventFile `json:"evidence"`
}

// EvidenceEventFile is one file of an EvidenceEvent.
type EvidenceEventFile struct {
	SHA256      string `json:"sha256"`
	Name        string `json:"name"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
}

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// ParseSHA256 checks a file's hash as the API takes it: 64 lower-case hex
// digits.
func ParseSHA256(s string) (string, error) {
	if !sha256Hex.MatchString(s) {
		return "", Errorf(NotFound, "no evidence file %q: a file is named by the 64 hex digits of its SHA-256", Excerpt(s))
	}
	return s, nil
}

// EvidenceIndexRow is one attachment as the auditor's bundle lists it:
// the value by zone, indicator and period, and the file.
type EvidenceIndexRow struct {
	Zone, Indicator, Period string
	Evidence
}
