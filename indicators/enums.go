package indicators

import (
	"database/sql/driver"
	"fmt"
)

// Frequency is how often an indicator is measured; a measurement's period must
// match it.
type Frequency string

// The frequencies.
const (
	Annual    Frequency = "annual"
	Quarterly Frequency = "quarterly"
	Monthly   Frequency = "monthly"
)

// ParseFrequency accepts the three frequency names; empty means annual.
func ParseFrequency(s string) (Frequency, error) {
	switch Frequency(s) {
	case "", Annual:
		return Annual, nil
	case Quarterly, Monthly:
		return Frequency(s), nil
	}
	return "", fmt.Errorf("frequency %q is not one of annual, quarterly, monthly", Excerpt(s))
}

// Aggregation says how sub-annual values make a year's value.
type Aggregation string

// The aggregations.
const (
	Sum  Aggregation = "sum"
	Mean Aggregation = "mean"
	Last Aggregation = "last"
)

// ParseAggregation accepts sum, mean and last; empty is allowed for annual
// indicators only (it means last) because for a sub-annual one neither a sum
// nor a mean is a safe guess.
func ParseAggregation(s string, f Frequency) (Aggregation, error) {
	switch Aggregation(s) {
	case Sum, Mean, Last:
		return Aggregation(s), nil
	case "":
		if f == Annual {
			return Last, nil
		}
		return "", fmt.Errorf("aggregation is required for a %s indicator (sum, mean or last)", f)
	}
	return "", fmt.Errorf("aggregation %q is not one of sum, mean, last", Excerpt(s))
}

// Status is where a measurement stands in the review workflow.
type Status string

// The statuses.
const (
	Draft     Status = "draft"
	Submitted Status = "submitted"
	Approved  Status = "approved"
	Rejected  Status = "rejected"
)

// ParseStatus accepts the four status names.
func ParseStatus(s string) (Status, error) {
	switch Status(s) {
	case Draft, Submitted, Approved, Rejected:
		return Status(s), nil
	}
	return "", fmt.Errorf("status %q is not one of draft, submitted, approved, rejected", Excerpt(s))
}

// Role is what a user may do.
type Role string

// The roles.
const (
	RoleAdmin    Role = "admin"
	RoleOfficer  Role = "officer"
	RoleReviewer Role = "reviewer"
	RoleAuditor  Role = "auditor"
)

// ParseRole accepts the four role names.
func ParseRole(s string) (Role, error) {
	switch Role(s) {
	case RoleAdmin, RoleOfficer, RoleReviewer, RoleAuditor:
		return Role(s), nil
	}
	return "", fmt.Errorf("role %q is not one of admin, officer, reviewer, auditor", Excerpt(s))
}

// scanEnum is the Scan of every closed set: it reads a text column into
// *dst through the set's parser, so a value outside the set, written to the
// database behind the program's back, is an error rather than a value.
func scanEnum[T ~string](dst *T, src any, parse func(string) (T, error)) error {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("indicators: cannot scan %T into a string enum", src)
	}
	v, err := parse(s)
	*dst = v
	return err
}

// Scan implements sql.Scanner, refusing values outside the set.
func (f *Frequency) Scan(src any) error { return scanEnum(f, src, ParseFrequency) }

// Value implements driver.Valuer.
func (f Frequency) Value() (driver.Value, error) { return string(f), nil }

// Scan implements sql.Scanner.
func (a *Aggregation) Scan(src any) error {
	return scanEnum(a, src, func(s string) (Aggregation, error) { return ParseAggregation(s, Annual) })
}

// Value implements driver.Valuer.
func (a Aggregation) Value() (driver.Value, error) { return string(a), nil }

// Scan implements sql.Scanner.
func (s *Status) Scan(src any) error { return scanEnum(s, src, ParseStatus) }

// Value implements driver.Valuer.
func (s Status) Value() (driver.Value, error) { return string(s), nil }

// Scan implements sql.Scanner.
func (r *Role) Scan(src any) error { return scanEnum(r, src, ParseRole) }

// Value implements driver.Valuer.
func (r Role) Value() (driver.Value, error) { return string(r), nil }
