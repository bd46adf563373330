package indicators

import (
	"encoding/json"
	"strings"
	"time"
)

// SignOff is a zone's year of a framework signed off (SPEC §9): the
// official scorecard frozen as Snapshot, the exact bytes the installation
// signed (Signature). While it is in force (WithdrawnAt nil) the year's
// values, and the zone's plan and applicability, take no changes.
type SignOff struct {
	ID              int64           `json:"id"`
	Framework       string          `json:"framework_code"`
	Zone            string          `json:"zone_code"`
	Year            int             `json:"year"`
	MethodVersion   string          `json:"method_version"`
	CatalogueSHA256 string          `json:"catalogue_sha256"`
	PlanSHA256      string          `json:"plan_sha256"`
	SignedBy        string          `json:"signed_by"`
	SignedByName    string          `json:"signed_by_name"`
	SignedAt        time.Time       `json:"signed_at"`
	WithdrawnBy     string          `json:"withdrawn_by,omitempty"`
	WithdrawReason  string          `json:"withdraw_reason,omitempty"`
	WithdrawnAt     *time.Time      `json:"withdrawn_at,omitempty"`
	Signature       Signature       `json:"signature"`
	Snapshot        json.RawMessage `json:"snapshot,omitempty"`
}

// InForce reports whether the sign-off still holds.
func (s *SignOff) InForce() bool { return s.WithdrawnAt == nil }

// Signer names who signed: the account's name, else its e-mail.
func (s *SignOff) Signer() string {
	if strings.TrimSpace(s.SignedByName) != "" {
		return s.SignedByName
	}
	return s.SignedBy
}

// SignOffSnapshot is what a sign-off signs: the card as the API gave it
// when it was signed, with what it was computed from. Its JSON, as stored,
// is the signed message.
type SignOffSnapshot struct {
	Framework           string          `json:"framework_code"`
	Zone                string          `json:"zone_code"`
	Year                int             `json:"year"`
	SignedBy            string          `json:"signed_by"`
	SignedAt            time.Time       `json:"signed_at"`
	MethodVersion       string          `json:"method_version"`
	CatalogueSHA256     string          `json:"catalogue_sha256"`
	PlanSHA256          string          `json:"plan_sha256"`
	ApplicabilitySHA256 string          `json:"applicability_sha256"`
	Scorecard           json.RawMessage `json:"scorecard"`
}

// SignOffInput names the zone, framework and year to sign off.
type SignOffInput struct {
	Framework string `json:"framework_code" form:"framework"`
	Zone      string `json:"zone_code" form:"zone"`
	Year      int    `json:"year" form:"year"`
}

// Validate checks the input's shape.
func (in SignOffInput) Validate() error {
	var fe []FieldError
	if strings.TrimSpace(in.Framework) == "" {
		fe = append(fe, FieldError{Field: "framework_code", Code: "required", Message: "framework_code is required"})
	}
	if strings.TrimSpace(in.Zone) == "" {
		fe = append(fe, FieldError{Field: "zone_code", Code: "required", Message: "zone_code is required"})
	}
	if err := CheckYear(in.Year); err != nil {
		fe = append(fe, FieldError{Field: "year", Code: "invalid", Message: err.Error()})
	}
	if len(fe) > 0 {
		return FieldsError("the sign-off is not valid", fe)
	}
	return nil
}

// MaySignOff reports whether p may sign off, or withdraw the sign-off of,
// a zone's year: an administrator, or a reviewer of the zone.
func (p *Principal) MaySignOff(zone string) error {
	if !Allowed(p.Role, PermSignOff) {
		return Errorf(Forbidden, "only a reviewer of the zone or an administrator may sign off a year")
	}
	if zone != "" && !p.InScope(zone) {
		return Errorf(Forbidden, "zone %q is not one of your zones", zone)
	}
	return nil
}

// SignOffFilter narrows a list of sign-offs; empty fields do not filter.
type SignOffFilter struct {
	Framework, Zone string
	Year            int
	// InForce keeps only the sign-offs not withdrawn.
	InForce bool
	// Snapshots includes each sign-off's snapshot.
	Snapshots bool
}
