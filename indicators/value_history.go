package indicators

import "time"

// ValueVersion is one version of one zone × indicator × period value with
// the audit event that wrote it: what was done (create, update, submit,
// approve, reject, import), by whom and when, as the audit trail records
// them. A version written before the trail existed has no event: Action
// and Actor are then empty and At is the version's own time.
type ValueVersion struct {
	Measurement
	Action string    `json:"action"`
	Actor  string    `json:"actor"`
	At     time.Time `json:"at"`
	// Reason is the event's reason (a review comment, a period's reason).
	Reason string `json:"reason"`
}

// ValueKey names one value: a framework's indicator for a zone and period.
type ValueKey struct {
	Framework, Zone, Indicator, Period string
}
