package indicators

// What a measurements import is asked to do and what it answers.

// ImportOptions steer a measurements import.
type ImportOptions struct {
	Framework string
	DryRun    bool
	// Status is what the imported rows become: submitted by default,
	// approved when an importer with the right says so.
	Status Status
	// By is who imports: rows of zones outside its scope are refused.
	By *Principal
	// Progress, when set, is called now and then with the rows read so far.
	Progress func(rows int)
	// Preview, when above 0, asks for the first Preview new and the first
	// Preview changed values (by line) in the result, with the values they
	// replace; the rest are only counted.
	Preview int
	// AcceptWarnings confirms the rows with warnings of the checks and no
	// explain text; without it such a file is refused (a dry run lists
	// them either way).
	AcceptWarnings bool
	// Evidence is the files the rows name (an import zip), attached to
	// the rows' values once they are written.
	Evidence []RowEvidence
}

// ImportResult counts what an import did, or would do on a dry run.
// Rows counts the rows with a value; Skipped those whose value cell is
// empty (a template row left blank), which are not imported.
type ImportResult struct {
	Rows      int  `json:"rows"`
	New       int  `json:"new"`
	Changed   int  `json:"changed"`
	Unchanged int  `json:"unchanged"`
	Skipped   int  `json:"skipped"`
	DryRun    bool `json:"dry_run"`
	// Preview lists values when ImportOptions.Preview asks for them.
	Preview *ImportPreview `json:"preview,omitempty"`
	// Warned counts the rows the checks gave warnings, Unexplained those
	// of them without explain text; Warnings lists the first
	// MaxImportWarnings of the warned rows, in file order.
	Warned      int          `json:"warned"`
	Unexplained int          `json:"unexplained"`
	Warnings    []RowWarning `json:"warnings"`
	// Evidence counts the evidence files the rows attached (an import
	// zip).
	Evidence int `json:"evidence,omitempty"`
}

// MaxImportWarnings bounds the warned rows an import result lists.
const MaxImportWarnings = 200

// RowWarning is one row of a file with the checks' warnings on it.
type RowWarning struct {
	Line          int       `json:"line"`
	ZoneCode      string    `json:"zone_code"`
	IndicatorCode string    `json:"indicator_code"`
	Period        string    `json:"period"`
	Value         float64   `json:"value"`
	Explain       string    `json:"explain"`
	Warnings      []Warning `json:"warnings"`
}

// ImportPreview is the first ImportOptions.Preview new and changed values
// of an import, in file order; the result counts them all.
type ImportPreview struct {
	NewValues     []ImportChange `json:"new_values"`
	ChangedValues []ImportChange `json:"changed_values"`
}

// ImportChange is one value an import adds or changes: the file's row and,
// for a change, the stored value it replaces.
type ImportChange struct {
	Line          int     `json:"line"`
	ZoneCode      string  `json:"zone_code"`
	IndicatorCode string  `json:"indicator_code"`
	Period        string  `json:"period"`
	Value         float64 `json:"value"`
	Source        string  `json:"source"`
	Comment       string  `json:"comment"`
	// Old is the stored value a change replaces; nil for a new value.
	Old *StoredValue `json:"old,omitempty"`
}

// StoredValue is the current version of a value as stored.
type StoredValue struct {
	Value   float64 `json:"value"`
	Source  string  `json:"source"`
	Comment string  `json:"comment"`
}
