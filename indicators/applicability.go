package indicators

import (
	"strings"
	"time"
)

// Zone types. A zone's type says which indicators apply to it: an
// indicator whose applies_to lists types applies only to zones of those
// types. These are the usual ones; an administrator may give any code. A
// zone without a type is of no particular kind, and every indicator
// applies to it.
const (
	ZoneCity     = "city"
	ZonePark     = "park"
	ZoneCluster  = "cluster"
	ZoneDistrict = "district"
)

// AppliesTo reports whether an indicator with the given applies_to list
// (empty: all zones) applies to a zone of type zoneType (empty: a zone of
// no particular type, to which everything applies).
func AppliesTo(appliesTo []string, zoneType string) bool {
	if len(appliesTo) == 0 || zoneType == "" {
		return true
	}
	for _, t := range appliesTo {
		if t == zoneType {
			return true
		}
	}
	return false
}

// ZoneTypeReason is the reason an indicator does not apply to a zone of
// its type; ZoneTypeOfReason reads the type back from it.
func ZoneTypeReason(zoneType string) string { return zoneTypePrefix + zoneType }

const zoneTypePrefix = "not for zone type "

// ZoneTypeOfReason returns the zone type a not-applicable reason names,
// and whether it is a zone-type reason at all (else a zone's own mark).
func ZoneTypeOfReason(reason string) (string, bool) {
	if t, ok := strings.CutPrefix(reason, zoneTypePrefix); ok {
		return t, true
	}
	return "", false
}

// ParseAppliesTo reads the catalogue's applies_to cell: zone type codes
// separated by ';', blanks dropped; empty means every zone.
func ParseAppliesTo(s string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ";") {
		t := strings.TrimSpace(part)
		if t == "" || seen[t] {
			continue
		}
		if !ValidCode(t) {
			return nil, Errorf(Invalid, "zone type %q must be 1-64 letters, digits, '_', '.' or '-'", t)
		}
		seen[t] = true
		out = append(out, t)
	}
	return out, nil
}

// Applicability is why an indicator does not apply to a zone: its type
// (Source "zone_type", always in force) or the zone's own mark (Source
// "mark"), which counts on official scorecards once a reviewer approves it
// (Status approved), and on the working view while it awaits review
// (submitted) too.
type Applicability struct {
	Framework     string     `json:"framework_code"`
	Zone          string     `json:"zone_code"`
	Indicator     string     `json:"indicator_code"`
	Source        string     `json:"source"`
	Reason        string     `json:"reason"`
	Status        Status     `json:"status,omitempty"`
	MarkedBy      string     `json:"marked_by,omitempty"`
	MarkedAt      *time.Time `json:"marked_at,omitempty"`
	ReviewedBy    string     `json:"reviewed_by,omitempty"`
	ReviewedAt    *time.Time `json:"reviewed_at,omitempty"`
	ReviewComment string     `json:"review_comment,omitempty"`
}

// The sources of not-applicability.
const (
	FromZoneType = "zone_type"
	FromMark     = "mark"
)
