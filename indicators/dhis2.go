package indicators

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// The DHIS2 dataValueSets format (docs/open-data.md, "DHIS2
// dataValueSets"): a data set is a framework, a data element an indicator
// (by code), an organisation unit a zone (by code); the project has no
// disaggregations, so the only category and attribute option combination
// is DHIS2's default one.

// DataValueSet is a DHIS2 dataValueSets document. Period and OrgUnit at
// the top apply to the values that give none of their own.
type DataValueSet struct {
	DataSet              string      `json:"dataSet,omitempty"`
	CompleteDate         string      `json:"completeDate,omitempty"`
	Period               string      `json:"period,omitempty"`
	OrgUnit              string      `json:"orgUnit,omitempty"`
	AttributeOptionCombo string      `json:"attributeOptionCombo,omitempty"`
	DataValues           []DataValue `json:"dataValues"`
}

// DataValue is one value of a DataValueSet.
type DataValue struct {
	DataElement          string     `json:"dataElement"`
	Period               string     `json:"period,omitempty"`
	OrgUnit              string     `json:"orgUnit,omitempty"`
	CategoryOptionCombo  string     `json:"categoryOptionCombo,omitempty"`
	AttributeOptionCombo string     `json:"attributeOptionCombo,omitempty"`
	Value                DHIS2Value `json:"value"`
	StoredBy             string     `json:"storedBy,omitempty"`
	Created              string     `json:"created,omitempty"`
	LastUpdated          string     `json:"lastUpdated,omitempty"`
	Comment              string     `json:"comment,omitempty"`
	FollowUp             bool       `json:"followup"`
	Deleted              bool       `json:"deleted,omitempty"`
}

// DHIS2Value is a data value's text. DHIS2 writes values as JSON strings;
// a JSON number is read as its text too.
type DHIS2Value string

// UnmarshalJSON implements json.Unmarshaler.
func (v *DHIS2Value) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*v = DHIS2Value(s)
		return nil
	}
	if bytes.Equal(b, []byte("null")) {
		*v = ""
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*v = DHIS2Value(n)
	return nil
}

// DHIS2DefaultCombo is the uid of DHIS2's default category option
// combination; it and the name "default" are the only combinations a
// value may name.
const DHIS2DefaultCombo = "HllvX50cXC0"

// ImportStrategy is DHIS2's importStrategy.
type ImportStrategy string

// The import strategies. Delete is refused: values leave only through
// the review workflow.
const (
	CreateAndUpdate ImportStrategy = "CREATE_AND_UPDATE"
	CreateOnly      ImportStrategy = "CREATE"
	UpdateOnly      ImportStrategy = "UPDATE"
	DeleteStrategy  ImportStrategy = "DELETE"
)

// ImportSummary is DHIS2's answer to a dataValueSets import.
type ImportSummary struct {
	ResponseType  string             `json:"responseType"`
	Status        string             `json:"status"`
	ImportOptions DHIS2ImportOptions `json:"importOptions"`
	Description   string             `json:"description"`
	ImportCount   ImportCount        `json:"importCount"`
	Conflicts     []ImportConflict   `json:"conflicts"`
}

// DHIS2ImportOptions are the options an ImportSummary echoes.
type DHIS2ImportOptions struct {
	DryRun         bool           `json:"dryRun"`
	ImportStrategy ImportStrategy `json:"importStrategy"`
}

// ImportCount counts the values of an ImportSummary.
type ImportCount struct {
	Imported int `json:"imported"`
	Updated  int `json:"updated"`
	Ignored  int `json:"ignored"`
	Deleted  int `json:"deleted"`
}

// ImportConflict names one refused value: Object is what the value gave
// for Property, Value says why, Indexes are the values' 0-based positions
// in dataValues.
type ImportConflict struct {
	Object    string `json:"object"`
	Value     string `json:"value"`
	ErrorCode string `json:"errorCode,omitempty"`
	Property  string `json:"property,omitempty"`
	Indexes   []int  `json:"indexes,omitempty"`
}

// ParseDHIS2Period maps a DHIS2 period (2019, 2019Q1, 201903) to the
// project's form (2019, 2019-Q1, 2019-03). Weeks, days and DHIS2's other
// period types have no counterpart here and are refused.
func ParseDHIS2Period(s string) (string, error) {
	var p string
	switch {
	case len(s) == 4:
		p = s
	case len(s) == 6 && s[4] == 'Q':
		p = s[:4] + "-Q" + s[5:]
	case len(s) == 6 && isDigit(s[4]) && isDigit(s[5]):
		p = s[:4] + "-" + s[4:]
	default:
		return "", fmt.Errorf("period %q is not a DHIS2 year (2019), quarter (2019Q1) or month (201903)", Excerpt(s))
	}
	if _, err := ParsePeriod(p); err != nil {
		return "", fmt.Errorf("period %q is not a DHIS2 year (2019), quarter (2019Q1) or month (201903)", Excerpt(s))
	}
	return p, nil
}

// DHIS2Period is the DHIS2 form of a stored period.
func DHIS2Period(p string) string {
	if len(p) == 7 && p[4] == '-' {
		return p[:4] + p[5:]
	}
	return p
}

// dhis2Columns are the measurements columns a DataValueSet fills. A
// value's comment is both its comment and its explanation of the
// checks' warnings.
var dhis2Columns = []string{"zone_code", "indicator_code", "period", "value", "comment", "explain"}

// DHIS2Property is the DataValue field a measurements column came from.
func DHIS2Property(column string) string {
	switch column {
	case "zone_code":
		return "orgUnit"
	case "indicator_code":
		return "dataElement"
	case "comment", "explain", "explanation":
		return "comment"
	}
	return column
}

// DHIS2Field is what value i of the set gives for a DHIS2 property.
func (s *DataValueSet) DHIS2Field(i int, property string) string {
	if i < 0 || i >= len(s.DataValues) {
		return ""
	}
	v := s.DataValues[i]
	switch property {
	case "orgUnit":
		return s.orgUnit(i)
	case "dataElement":
		return v.DataElement
	case "period":
		return s.period(i)
	case "value":
		return string(v.Value)
	case "comment":
		return v.Comment
	}
	return ""
}

func (s *DataValueSet) orgUnit(i int) string {
	if o := s.DataValues[i].OrgUnit; o != "" {
		return o
	}
	return s.OrgUnit
}

func (s *DataValueSet) period(i int) string {
	if p := s.DataValues[i].Period; p != "" {
		return p
	}
	return s.Period
}

// OrgUnits lists the zone codes the set's values name, each once.
func (s *DataValueSet) OrgUnits() []string {
	seen := map[string]bool{}
	var out []string
	for i := range s.DataValues {
		if o := s.orgUnit(i); !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	return out
}

// Check refuses what the measurements import cannot be given: a period
// of a type the project does not have, a combination other than the
// default, a deleted value. Each conflict names its value's index.
func (s *DataValueSet) Check() []ImportConflict {
	var out []ImportConflict
	add := func(i int, prop, object, code, format string, args ...any) {
		out = append(out, ImportConflict{Object: Excerpt(object), Value: fmt.Sprintf(format, excerpts(args)...), ErrorCode: code, Property: prop, Indexes: []int{i}})
	}
	combo := func(c string) bool { return c == "" || c == DHIS2DefaultCombo || c == "default" }
	if !combo(s.AttributeOptionCombo) {
		add(0, "attributeOptionCombo", s.AttributeOptionCombo, "unknown_combo", "attribute option combination %q: only the default one exists here", s.AttributeOptionCombo)
	}
	for i, v := range s.DataValues {
		if p := s.period(i); p != "" {
			if _, err := ParseDHIS2Period(p); err != nil {
				add(i, "period", p, "invalid_period", "%v", err)
			}
		}
		if !combo(v.CategoryOptionCombo) {
			add(i, "categoryOptionCombo", v.CategoryOptionCombo, "unknown_combo", "category option combination %q: only the default one exists here", v.CategoryOptionCombo)
		}
		if !combo(v.AttributeOptionCombo) {
			add(i, "attributeOptionCombo", v.AttributeOptionCombo, "unknown_combo", "attribute option combination %q: only the default one exists here", v.AttributeOptionCombo)
		}
		if v.Deleted {
			add(i, "deleted", "true", "delete_refused", "values are not deleted through an import")
		}
	}
	return out
}

// Rows gives the set as a measurements file (RowReader): the header is
// line 1 and value i is line i+2. Keep only the values keep says yes to
// (nil: all). Call Check first: periods must map.
func (s *DataValueSet) Rows(keep func(i int) bool) RowReader {
	return &dhis2Rows{set: s, keep: keep}
}

type dhis2Rows struct {
	set  *DataValueSet
	keep func(int) bool
	next int // -1 before the header
	done bool
	rec  []string
}

func (r *dhis2Rows) Next() (int, []string, error) {
	if !r.done {
		r.done = true
		return 1, dhis2Columns, nil
	}
	for r.next < len(r.set.DataValues) {
		i := r.next
		r.next++
		if r.keep != nil && !r.keep(i) {
			continue
		}
		v := r.set.DataValues[i]
		// An empty or unmapped period stays empty: the import refuses it.
		p, _ := ParseDHIS2Period(r.set.period(i))
		r.rec = append(r.rec[:0], r.set.orgUnit(i), v.DataElement, p, string(v.Value), v.Comment, v.Comment)
		return i + 2, r.rec, nil
	}
	return 0, nil, io.EOF
}

// IndexOfLine is the dataValues index of a measurements line (see Rows).
func IndexOfLine(line int) int { return line - 2 }

// Within says whether period p lies between the days from and to (both
// included; a zero time is no bound), as DHIS2's startDate and endDate
// select periods.
func (p Period) Within(from, to time.Time) bool {
	var first, next time.Time
	switch p.Frequency {
	case Quarterly:
		first = time.Date(p.Year, time.Month(3*p.Sub-2), 1, 0, 0, 0, 0, time.UTC)
		next = first.AddDate(0, 3, 0)
	case Monthly:
		first = time.Date(p.Year, time.Month(p.Sub), 1, 0, 0, 0, 0, time.UTC)
		next = first.AddDate(0, 1, 0)
	default:
		first = time.Date(p.Year, 1, 1, 0, 0, 0, 0, time.UTC)
		next = first.AddDate(1, 0, 0)
	}
	return (from.IsZero() || !first.Before(from)) && (to.IsZero() || next.AddDate(0, 0, -1).Compare(to) <= 0)
}
