package indicators

// CatalogueResult counts what a catalogue import did.
type CatalogueResult struct {
	Framework    string `json:"framework_code"`
	Created      bool   `json:"framework_created"`
	Perspectives int    `json:"perspectives"`
	Categories   int    `json:"categories"`
	New          int    `json:"new"`
	Changed      int    `json:"changed"`
	Unchanged    int    `json:"unchanged"`
	Removed      int    `json:"removed"`
}

// ZonesResult counts what a zones import did.
type ZonesResult struct {
	New       int `json:"new"`
	Changed   int `json:"changed"`
	Unchanged int `json:"unchanged"`
}

// ExportRow is one row of a measurements export: a current value, or with
// history an earlier version (Current false).
type ExportRow struct {
	Measurement
	Current bool
}
