package indicators

import (
	"strconv"
	"time"
)

// Measurement is the current value of one zone × indicator × period. Earlier
// values stay readable as revisions with lower versions.
type Measurement struct {
	ID            int64   `json:"id"`
	FrameworkCode string  `json:"framework_code"`
	ZoneCode      string  `json:"zone_code"`
	IndicatorCode string  `json:"indicator_code"`
	Period        string  `json:"period"`
	Value         float64 `json:"value"`
	Source        string  `json:"source"`
	Comment       string  `json:"comment"`
	Status        Status  `json:"status"`
	EnteredBy     string  `json:"entered_by"`
	ReviewedBy    string  `json:"reviewed_by"`
	ReviewComment string  `json:"review_comment"`
	// ApprovedValue is the value in force on official scorecards: the last
	// approved one, which stays while an edit of it awaits review.
	ApprovedValue *float64  `json:"approved_value"`
	Version       int       `json:"version"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	// Quality says how the value was obtained (SPEC §8).
	Quality Quality `json:"quality"`
	// Warnings are the data-quality checks' findings when the value was
	// last saved, and Explanation what its officer said of them.
	Warnings    []Warning `json:"warnings,omitempty" gorm:"-"`
	Explanation string    `json:"explanation,omitempty"`
}

// MeasurementInput is what a person gives to create or change a value.
type MeasurementInput struct {
	FrameworkCode string
	ZoneCode      string
	IndicatorCode string
	Period        string
	Value         float64
	Source        string
	Comment       string
	// Quality is how the value was obtained (empty: administrative).
	Quality Quality
	// Explanation answers the value's warnings; a value with a warning
	// is submitted only with one (SPEC §8).
	Explanation string
}

// MeasurementChange is one value of a form saved with others: a new value
// when ID is 0, else a change of value ID as read at Version.
type MeasurementChange struct {
	ID      int64
	Version int
	Input   MeasurementInput
}

// MeasurementFilter narrows a measurement list. Zero fields do not filter.
// After is the keyset cursor (the last id of the previous page).
type MeasurementFilter struct {
	Framework string
	Zone      string
	Indicator string
	Period    string
	// Year keeps the values of one year, whatever their period; Perspective
	// those of one perspective's indicators.
	Year        int
	Perspective string
	Status      Status
	// EnteredBy keeps the values whose current version that user entered
	// (by email).
	EnteredBy string
	// Zones, when not nil, limits the list to these zone codes (a
	// principal's scope).
	Zones []string
	After int64
	Limit int
}

// Page is one page of a list with the total count and the next cursor.
type Page[T any] struct {
	Items []T    `json:"items"`
	Total int64  `json:"total"`
	Next  *int64 `json:"-"`
}

// MeasurementColumns are the columns of the measurements file.
// quality is the value's quality code (SPEC §8) and explain the officer's
// explanation of the warnings the checks give the row.
var MeasurementColumns = []string{"zone_code", "indicator_code", "period", "value", "source", "comment", "quality", "explain"}

// MeasurementInfoColumns are the informational columns of the template
// (the indicator's name and unit, last year's value): a measurements file
// may carry them and the import reads past them (see ReadHeaderInfo).
var MeasurementInfoColumns = []string{"indicator_name", "unit", "last_year_value"}

// ExportColumns are the columns of the measurements export: the import
// columns first, so an export can be imported again, then the record keeping.
var ExportColumns = []string{"zone_code", "indicator_code", "period", "value", "source", "comment",
	"status", "version", "entered_by", "reviewed_by", "created_at", "updated_at", "current", "review_comment"}

// ExportQualityColumn is the last column of the measurements export, with
// or without its history: the value's quality code (administrative when
// none was given). It comes after the others so that a reader of the
// older columns by position keeps working.
const ExportQualityColumn = "quality"

// ExportHeader is the header of the measurements export.
func ExportHeader(history bool) []string {
	cols := ExportColumns
	if !history {
		cols = cols[:8]
	}
	return append(append([]string{}, cols...), ExportQualityColumn)
}

// IndicatorRef is what an import needs to know of an indicator.
type IndicatorRef struct {
	ID        int64
	Frequency Frequency
	Min, Max  *float64
	// Unit and UnitZh say whether a value may end in '%', and name the
	// unit when it may not.
	Unit, UnitZh string
}

// ImportRow is one checked row ready to be written.
type ImportRow struct {
	Line        int
	ZoneID      int64
	IndicatorID int64
	Period      string
	Year        int
	Value       float64
	Source      string
	Comment     string
	// Quality is the code as given ('' when the cell is empty, which
	// means administrative); Explain the row's explanation of its
	// warnings.
	Quality string
	Explain string
}

// rowKey identifies a row for duplicate detection without keeping the
// row's strings alive: the period is packed as year*100 + sub.
type rowKey struct {
	zone, indicator int64
	period          int32
}

// RowChecker turns file rows into ImportRows, resolving codes through the
// maps a store fills, and records every problem with its line and column.
// It remembers the rows it has seen to refuse duplicates within a file.
type RowChecker struct {
	Header     *Header
	Zones      map[string]int64
	Indicators map[string]IndicatorRef
	// ClosedYear, when set, reports whether the year's period is closed.
	ClosedYear func(year int) bool
	// SignedOff, when set, reports whether the zone's year is signed off.
	SignedOff func(zone string, year int) bool
	// InScope, when set, reports whether the importer may write the zone.
	InScope func(zone string) bool
	// seen holds the lines of the rows met so far (see seenRows).
	seen *seenRows
}

// NoValue reports whether rec's value cell is empty: such a row (a
// template row left blank) is skipped, not checked.
func (c *RowChecker) NoValue(rec []string) bool { return c.Header.Get(rec, "value") == "" }

// Check validates one row. ok is false when the row has errors (already
// added to errs).
func (c *RowChecker) Check(line int, rec []string, errs *FieldErrors) (row ImportRow, ok bool) {
	if c.seen == nil {
		c.seen = newSeenRows(c.Indicators)
	}
	before := errs.Total
	h := c.Header
	row.Line = line
	if !h.CheckCells(line, rec, errs) {
		return row, false
	}
	zc, ic, ps, vs := h.Get(rec, "zone_code"), h.Get(rec, "indicator_code"), h.Get(rec, "period"), h.Get(rec, "value")
	var ind IndicatorRef
	var indOK bool
	switch id, found := c.Zones[zc]; {
	case zc == "":
		errs.Add(line, "zone_code", "required", "zone_code is empty")
	case !found:
		errs.AddWith(line, "zone_code", "unknown_zone", map[string]string{"value": zc}, "unknown zone %q", zc)
	case c.InScope != nil && !c.InScope(zc):
		errs.AddWith(line, "zone_code", "forbidden_zone", map[string]string{"value": zc}, "zone %q is not one of your zones", zc)
	default:
		row.ZoneID = id
	}
	switch ref, found := c.Indicators[ic]; {
	case ic == "":
		errs.Add(line, "indicator_code", "required", "indicator_code is empty")
	case !found:
		errs.AddWith(line, "indicator_code", "unknown_indicator", map[string]string{"value": ic}, "unknown indicator %q in this framework", ic)
	default:
		ind, indOK = ref, true
		row.IndicatorID = ref.ID
	}
	p, err := ParsePeriod(ps)
	switch {
	case ps == "":
		errs.Add(line, "period", "required", "period is empty")
	case err != nil:
		errs.AddWith(line, "period", "invalid_period", map[string]string{"value": ps}, "%v", err)
	default:
		row.Period, row.Year = ps, p.Year
		if p.Frequency == Quarterly && ps[5] == 'q' {
			// The only accepted form that is not already canonical.
			row.Period = p.String()
		}
		if indOK && p.Frequency != ind.Frequency {
			errs.AddWith(line, "period", "period_mismatch", map[string]string{"value": ps, "frequency": string(p.Frequency), "indicator": ic, "expected": string(ind.Frequency)},
				"period %q is %s but indicator %q is %s", ps, p.Frequency, ic, ind.Frequency)
		} else if c.ClosedYear != nil && c.ClosedYear(p.Year) {
			errs.AddWith(line, "period", "closed_period", map[string]string{"value": ps, "year": strconv.Itoa(p.Year)}, "the reporting period %d is closed", p.Year)
		} else if c.SignedOff != nil && c.SignedOff(zc, p.Year) {
			errs.AddWith(line, "period", "signed_off", map[string]string{"value": ps, "year": strconv.Itoa(p.Year), "zone": zc},
				"%d of zone %q is signed off: withdraw the sign-off first", p.Year, zc)
		}
	}
	v, verr := ParseValue(vs)
	if indOK {
		v, verr = ParseValueOf(vs, ind.Unit, ind.UnitZh)
	}
	switch {
	case vs == "":
		errs.Add(line, "value", "required", "value is empty")
	case verr != nil:
		errs.AddNumber(line, "value", verr)
	default:
		row.Value = v
		if indOK && !(&Indicator{Min: ind.Min, Max: ind.Max}).InRange(v) {
			errs.AddWith(line, "value", "out_of_range", map[string]string{"value": vs, "range": rangeText(ind.Min, ind.Max)},
				"value %s is outside the plausible range %s", vs, rangeText(ind.Min, ind.Max))
		}
	}
	row.Source, row.Comment = h.Get(rec, "source"), h.Get(rec, "comment")
	checkNotes(line, row.Source, row.Comment, errs)
	if qs := h.Get(rec, "quality"); qs != "" {
		if q, err := ParseQuality(qs); err != nil {
			errs.AddWith(line, "quality", "invalid", map[string]string{"value": qs, "expected": qualityList}, "%v", err)
		} else {
			row.Quality = string(q)
		}
	}
	row.Explain = h.Get(rec, "explain")
	errs.Text(line, "explain", row.Explain, MaxCommentLen)
	h.CheckWidth(line, rec, errs)
	if errs.Total != before {
		return row, false
	}
	if prev, dup := c.seen.remember(row.ZoneID, row.IndicatorID, p, line); dup {
		errs.AddWith(line, "period", "duplicate", map[string]string{"zone": zc, "indicator": ic, "value": row.Period, "first_line": strconv.Itoa(prev)},
			"zone %q, indicator %q, period %q already given on line %d", zc, ic, row.Period, prev)
		return row, false
	}
	return row, true
}

// checkNotes checks a value's source and comment against their limits.
func checkNotes(line int, source, comment string, errs *FieldErrors) {
	errs.Text(line, "source", source, MaxSourceLen)
	errs.Text(line, "comment", comment, MaxCommentLen)
}

// Validate checks what a person gives for a value before any of it is
// written: a finite value within ±MaxMagnitude, and source and comment as
// storable text within their limits. The store calls it on every create
// and change, whichever path (API, page, command line) it came by.
func (in *MeasurementInput) Validate() error {
	var errs FieldErrors
	errs.CheckMagnitude(0, "value", in.Value, true)
	checkNotes(0, in.Source, in.Comment, &errs)
	return errs.Err("the measurement is not valid")
}

// qualityList names the quality codes for a message.
var qualityList = func() string {
	s := ""
	for i, q := range Qualities {
		if i > 0 {
			s += ", "
		}
		s += string(q)
	}
	return s
}()

func rangeText(min, max *float64) string {
	lo, hi := "-∞", "+∞"
	if min != nil {
		lo = FormatNumber(*min)
	}
	if max != nil {
		hi = FormatNumber(*max)
	}
	return "[" + lo + ", " + hi + "]"
}
