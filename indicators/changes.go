package indicators

import "time"

// Change is one entry of the changes feed: an audit event as another
// system needs it to stay in step, without who made it (no user's email)
// and without the values' old and new text. Cursor is the event's id;
// Indicator, Period, Version and Status are set for an event of one value,
// Indicator also for one of an indicator's applicability.
type Change struct {
	Cursor    string    `json:"cursor"`
	At        time.Time `json:"at"`
	Action    string    `json:"action"`
	Entity    string    `json:"entity"`
	Zone      string    `json:"zone,omitempty"`
	Indicator string    `json:"indicator,omitempty"`
	Period    string    `json:"period,omitempty"`
	Version   int       `json:"version,omitempty"`
	Status    Status    `json:"status,omitempty"`
}

// ChangesPage is one page of the changes feed. Next is the cursor to ask
// from next time: the last change's, or the one asked from when there was
// nothing new.
type ChangesPage struct {
	Items []Change `json:"items"`
	Next  string   `json:"next"`
	// More says that changes after Next already exist.
	More bool `json:"more"`
}

// ChangesLimit bounds one page of the changes feed; ChangesDefault is its
// size when none is asked.
const (
	ChangesLimit   = 1000
	ChangesDefault = 100
)

// AccountEntities are the audit entities about people and their keys:
// the changes feed keeps them for administrators.
var AccountEntities = []string{"user", "token", "signing_key"}
