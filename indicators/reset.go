package indicators

import "time"

// ResetLinkLifetime is how long a password reset link can be used.
const ResetLinkLifetime = 24 * time.Hour

// ResetState is what a password reset link is worth when it is opened.
type ResetState string

// The states of a reset link.
const (
	ResetValid   ResetState = "valid"
	ResetUnknown ResetState = "unknown"
	ResetExpired ResetState = "expired"
	ResetUsed    ResetState = "used"
)

// ResetLink is a password reset link as the store knows it: never its
// secret, which only the person it was made for holds.
type ResetLink struct {
	Email     string     `json:"email"`
	ExpiresAt time.Time  `json:"expires_at"`
	State     ResetState `json:"state"`
}

// ZoneChange is one zone a zones file would add (Old nil) or change.
type ZoneChange struct {
	New Zone
	Old *Zone
}

// ZonesPreview says what a zones file would do, zone by zone, without
// writing anything.
type ZonesPreview struct {
	ZonesResult
	Changes []ZoneChange
}

// CatalogueLine is one indicator of a catalogue preview; Values counts the
// values stored for it.
type CatalogueLine struct {
	Code   string
	NameEn string
	NameZh string
	Values int64
	// From and To are the frequencies of a changed indicator whose
	// frequency the file changes.
	From, To Frequency
}

// CataloguePreview says what a catalogue file would do to a framework
// without writing anything. The import refuses to remove an indicator
// that has values, or to change the frequency of one that has values:
// Blocked lists those, and a blocked file is not imported at all.
type CataloguePreview struct {
	CatalogueResult
	Adds, Changes, Removals []CatalogueLine
	Blocked                 []CatalogueLine
}
