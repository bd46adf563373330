package indicators

import (
	"strings"
	"time"
)

// User is a person who signs in. Officers and reviewers work on their zones
// (and the zones inside them); auditors and administrators on all zones.
type User struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	Zones     []string  `json:"zones"`
	Language  string    `json:"language"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

// NormalEmail is the form emails are stored and compared in.
func NormalEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// Principal is who makes a request: the user, the zones it may work on and
// how it signed in.
type Principal struct {
	UserID   int64
	Email    string
	Name     string
	Role     Role
	Language string
	// Zones holds the codes of every zone in scope, sub-zones included; it
	// is nil for the roles that see every zone.
	Zones map[string]bool
	// Session is the session's id hash and CSRF is its form token; both are
	// empty for a bearer token.
	Session string
	CSRF    string
}

// System is the principal of the command line and of the program itself:
// an administrator, recorded as "cli" in the audit trail.
var System = &Principal{Email: "cli", Name: "command line", Role: RoleAdmin}

// AllZones reports whether the principal's scope is every zone.
func (p *Principal) AllZones() bool { return p.Role == RoleAdmin || p.Role == RoleAuditor }

// InScope reports whether zone is one the principal may see and, by role,
// work on.
func (p *Principal) InScope(zone string) bool { return p.AllZones() || p.Zones[zone] }

// ScopeCodes lists the zones in scope, or nil for every zone.
func (p *Principal) ScopeCodes() []string {
	if p.AllZones() {
		return nil
	}
	out := make([]string, 0, len(p.Zones))
	for z := range p.Zones {
		out = append(out, z)
	}
	return out
}

// Token is an API bearer token as listed: its secret is shown only once,
// when it is made.
type Token struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// ReportingPeriod is a framework's year as an administrator left it.
type ReportingPeriod struct {
	Framework string    `json:"framework_code"`
	Year      int       `json:"year"`
	Closed    bool      `json:"closed"`
	Reason    string    `json:"reason"`
	ChangedBy string    `json:"changed_by"`
	ChangedAt time.Time `json:"changed_at"`
}

// AuditEvent is one entry of the audit trail.
type AuditEvent struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	Entity   string    `json:"entity"`
	EntityID string    `json:"entity_id"`
	Action   string    `json:"action"`
	OldValue string    `json:"old_value"`
	NewValue string    `json:"new_value"`
	Reason   string    `json:"reason"`
	PrevHash string    `json:"prev_hash"`
	Hash     string    `json:"hash"`
}

// AuditFilter narrows the audit trail. Zero fields do not filter; After is
// the keyset cursor.
type AuditFilter struct {
	Entity   string
	EntityID string
	Actor    string
	// Indicator keeps the events of one indicator's values and of its
	// applicability, by indicator code.
	Indicator string
	From, To  time.Time
	After     int64
	Limit     int
}

// VerifyReport is the result of checking the audit trail and the values.
type VerifyReport struct {
	OK           bool   `json:"ok"`
	Events       int    `json:"events"`
	Values       int    `json:"values_checked"`
	Plans        int    `json:"plans_checked"`
	Evidence     int    `json:"evidence_checked"`
	Head         string `json:"head"`
	Problem      string `json:"problem,omitempty"`
	EventID      int64  `json:"event_id,omitempty"`
	Measurement  int64  `json:"measurement_id,omitempty"`
	MethodOfHash string `json:"hash"`
}

// ValueEvent is what the audit event of a change to a value records (its
// new and old state): a readable summary of the version and the digest
// that ties the version to the trail.
type ValueEvent struct {
	Zone      string   `json:"zone_code"`
	Indicator string   `json:"indicator_code"`
	Period    string   `json:"period"`
	Value     float64  `json:"value"`
	Status    string   `json:"status"`
	Version   int      `json:"version"`
	Approved  *float64 `json:"approved_value"`
	Comment   string   `json:"review_comment,omitempty"`
	Versions  int      `json:"versions"`
	Digest    string   `json:"digest"`
	// HashFormat is the version hash's format (see the store); 0 is 1.
	HashFormat int `json:"hash_format,omitempty"`
}

// The access events: reads and sign-ins the audit trail records beside
// the changes.
const (
	AccessSignin       = "signin"
	AccessSigninFailed = "signin_failed"
	AccessExport       = "export"
	AccessBundle       = "bundle_download"
	AccessEvidence     = "evidence_download"
)

// AccessDetail is what an access event records of what was read: the
// route and its filter, the file, the evidence's hash, the address a
// sign-in came from. Never a secret.
type AccessDetail struct {
	Path      string `json:"path,omitempty"`
	Framework string `json:"framework_code,omitempty"`
	Year      string `json:"year,omitempty"`
	Zone      string `json:"zone_code,omitempty"`
	Filter    string `json:"filter,omitempty"`
	File      string `json:"file,omitempty"`
	SHA256    string `json:"sha256,omitempty"`
	Email     string `json:"email,omitempty"`
	Address   string `json:"address,omitempty"`
}
