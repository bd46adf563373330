package indicators

import (
	"strings"
	"time"
)

// FollowUp is a value flagged for follow-up (SPEC §8): a reviewer or an
// auditor asks about a zone's value of an indicator for a period, with a
// note; the flag stays open until someone who may flag resolves it with a
// note of their own. Every step is in the audit trail.
type FollowUp struct {
	ID         int64      `json:"id"`
	Framework  string     `json:"framework_code"`
	Zone       string     `json:"zone_code"`
	Indicator  string     `json:"indicator_code"`
	Period     string     `json:"period"`
	Note       string     `json:"note"`
	OpenedBy   string     `json:"opened_by"`
	OpenedAt   time.Time  `json:"opened_at"`
	Status     string     `json:"status"`
	ResolvedBy string     `json:"resolved_by,omitempty"`
	Resolution string     `json:"resolution,omitempty"`
	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
}

// The states of a follow-up.
const (
	FollowUpOpen     = "open"
	FollowUpResolved = "resolved"
)

// FollowUpInput is a new flag.
type FollowUpInput struct {
	Framework string `json:"framework_code"`
	Zone      string `json:"zone_code"`
	Indicator string `json:"indicator_code"`
	Period    string `json:"period"`
	Note      string `json:"note"`
}

// Validate checks the flag's own fields; whether the zone, the indicator
// and the period exist is the store's business.
func (in *FollowUpInput) Validate() error {
	var errs FieldErrors
	for _, f := range []struct{ name, v string }{{"framework_code", in.Framework}, {"zone_code", in.Zone}, {"indicator_code", in.Indicator}, {"period", in.Period}} {
		if strings.TrimSpace(f.v) == "" {
			errs.Add(0, f.name, "required", "%s is required", f.name)
		} else if len(f.v) > MaxCodeLen {
			errs.Add(0, f.name, "too_long", "%s is longer than %d characters", f.name, MaxCodeLen)
		}
	}
	if strings.TrimSpace(in.Note) == "" {
		errs.Add(0, "note", "required", "note is required: say what to look at")
	}
	if err := errs.Err("the follow-up is not valid"); err != nil {
		return err
	}
	return CheckNote("note", in.Note)
}

// FollowUpFilter narrows a list of follow-ups; empty fields match all.
// Status is open, resolved or empty (both).
type FollowUpFilter struct {
	Framework string
	Zone      string
	Status    string
	// Zones, when not nil, keeps the follow-ups of those zones only (an
	// officer's or a reviewer's scope); empty sees none.
	Zones []string
	// Limit caps the list (at most MaxFollowUps; 0 means that).
	Limit int
}

// MaxFollowUps is the most follow-ups one list answers.
const MaxFollowUps = 500

// ParseFollowUpStatus accepts open, resolved and empty (both).
func ParseFollowUpStatus(s string) (string, error) {
	switch s {
	case "", FollowUpOpen, FollowUpResolved:
		return s, nil
	}
	return "", FieldsError("the filter is not valid", []FieldError{{Field: "status", Code: "invalid", Message: "status must be open or resolved"}})
}
