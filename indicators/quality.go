package indicators

// QualityReport is the data-quality report of a framework × year (SPEC
// §8): for each zone and indicator whether there is a value, and whether
// it came late, was warned or is flagged for follow-up; per zone the
// counts, the open follow-ups and the share of values on time.
type QualityReport struct {
	Framework string `json:"framework_code"`
	Year      int    `json:"year"`
	// DueOn is the year's due day, empty when the calendar has none (then
	// nothing is late and no share is on time).
	DueOn      string        `json:"due_on,omitempty"`
	Indicators []string      `json:"indicators"`
	Zones      []QualityZone `json:"zones"`
	Totals     QualityCounts `json:"totals"`
	// FollowUpsOpen counts the open follow-ups of the year, all zones.
	FollowUpsOpen int `json:"follow_ups_open"`
}

// QualityZone is one zone's row of the report.
type QualityZone struct {
	Zone   string        `json:"zone_code"`
	NameEn string        `json:"name_en"`
	NameZh string        `json:"name_zh"`
	Cells  []QualityCell `json:"cells"`
	Counts QualityCounts `json:"counts"`
	// FollowUpsOpen counts the zone's open follow-ups of the year.
	FollowUpsOpen int `json:"follow_ups_open"`
	// OnTimeShare is the share (0–1) of the zone's submitted values that
	// were first submitted by the due day; nil without a due day or
	// without a submitted value.
	OnTimeShare *float64 `json:"on_time_share"`
}

// The states of a cell of the report.
const (
	CellValue         = "value"
	CellMissing       = "missing"
	CellNotApplicable = "not_applicable"
)

// QualityCell is one zone × indicator of the report. State is value,
// missing or not_applicable; Status is the least advanced status of the
// year's values (draft, rejected, submitted, approved) when there is one.
type QualityCell struct {
	Indicator string `json:"indicator_code"`
	State     string `json:"state"`
	Status    Status `json:"status,omitempty"`
	// Late: a value of the year was first submitted after the due day.
	Late bool `json:"late"`
	// Warned: a current value of the year carries the warnings of the
	// checks from its last save; WarningsOpen counts such values without
	// an explanation, WarningsExplained those with one.
	Warned            bool `json:"warned"`
	WarningsOpen      int  `json:"warnings_open"`
	WarningsExplained int  `json:"warnings_explained"`
	// Flagged: an open follow-up is on a value of the year.
	Flagged bool `json:"flagged"`
}

// QualityCounts counts cells by state and mark.
type QualityCounts struct {
	Value         int `json:"value"`
	Missing       int `json:"missing"`
	NotApplicable int `json:"not_applicable"`
	Late          int `json:"late"`
	Warned        int `json:"warned"`
	Flagged       int `json:"flagged"`
	// WarningsOpen and WarningsExplained count the values with stored
	// warnings, without and with an explanation.
	WarningsOpen      int `json:"warnings_open"`
	WarningsExplained int `json:"warnings_explained"`
}

// Add counts a cell.
func (c *QualityCounts) Add(cell QualityCell) {
	switch cell.State {
	case CellValue:
		c.Value++
	case CellMissing:
		c.Missing++
	case CellNotApplicable:
		c.NotApplicable++
	}
	if cell.Late {
		c.Late++
	}
	if cell.Warned {
		c.Warned++
	}
	if cell.Flagged {
		c.Flagged++
	}
	c.WarningsOpen += cell.WarningsOpen
	c.WarningsExplained += cell.WarningsExplained
}
