package indicators

import (
	"database/sql/driver"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"
)

// PlanKind is what a line of a zone plan gives: the baseline, a milestone
// on the way, or the target (SPEC §2.2).
type PlanKind string

// The plan kinds.
const (
	PlanBaseline  PlanKind = "baseline"
	PlanMilestone PlanKind = "milestone"
	PlanTarget    PlanKind = "target"
)

// ParsePlanKind accepts the three kinds.
func ParsePlanKind(s string) (PlanKind, error) {
	switch PlanKind(s) {
	case PlanBaseline, PlanMilestone, PlanTarget:
		return PlanKind(s), nil
	}
	return "", fmt.Errorf("kind %q is not one of baseline, milestone, target", Excerpt(s))
}

// Scan implements sql.Scanner, refusing values outside the set.
func (k *PlanKind) Scan(src any) error { return scanEnum(k, src, ParsePlanKind) }

// Value implements driver.Valuer.
func (k PlanKind) Value() (driver.Value, error) { return string(k), nil }

// PlanEntry is one line of a zone plan: a zone's baseline, milestone or
// target value of an indicator in a year.
type PlanEntry struct {
	ZoneCode      string   `json:"zone_code"`
	IndicatorCode string   `json:"indicator_code"`
	Kind          PlanKind `json:"kind"`
	Year          int      `json:"year"`
	Value         float64  `json:"value"`
}

// ZonePlan is one version of a zone's plan for a framework. Every import or
// edit that changes a zone's entries makes a new version; a reviewer of the
// zone adopts a version, and official scorecards use the latest adopted
// one. AdoptedVersion is the version in force on official scorecards (nil
// when none is adopted); the Adopted* fields say whether and how this
// version was adopted.
type ZonePlan struct {
	Framework      string      `json:"framework_code"`
	Zone           string      `json:"zone_code"`
	Version        int         `json:"version"`
	LatestVersion  int         `json:"latest_version"`
	AdoptedVersion *int        `json:"adopted_version"`
	Entries        []PlanEntry `json:"entries"`
	CreatedBy      string      `json:"created_by"`
	CreatedAt      time.Time   `json:"created_at"`
	Comment        string      `json:"comment"`
	AdoptedBy      string      `json:"adopted_by"`
	AdoptedAt      *time.Time  `json:"adopted_at"`
	AdoptComment   string      `json:"adopt_comment"`
}

// PlanColumns are the columns of the plan file; all are required.
var PlanColumns = []string{"zone_code", "indicator_code", "kind", "year", "value"}

// PlanImportOptions steer a plan import.
type PlanImportOptions struct {
	Framework string
	DryRun    bool
	// Zone, when set, is the only zone the file may name (the plan page).
	Zone string
	// Comment is recorded on the versions made.
	Comment string
	By      *Principal
}

// PlanImportResult counts what a plan import did, or would do on a dry
// run: the rows read, the zones named, and how many of them get a new
// version (the others' entries are unchanged).
type PlanImportResult struct {
	Rows      int            `json:"rows"`
	Zones     int            `json:"zones"`
	Versions  map[string]int `json:"versions"`
	Unchanged int            `json:"unchanged"`
	DryRun    bool           `json:"dry_run"`
}

// PlanChecker reads a plan file against what the store knows: the zones,
// the framework's indicators and the importer's rights.
type PlanChecker struct {
	Zones      map[string]bool
	Indicators map[string]bool
	// Zone, when set, is the only zone rows may name.
	Zone string
	// MayEdit, when set, reports whether the importer may edit the zone's
	// plan.
	MayEdit func(zone string) bool
}

type planRow struct {
	line int
	e    PlanEntry
}

// ReadPlan reads a whole plan file and returns its entries by zone, in
// file order, or every problem with its line and column (§5.4): an
// unknown or forbidden zone, an unknown indicator, a kind, a year or a
// value that does not read, a duplicate, a second baseline or target, a
// plan without a baseline or target, a target year not after the
// baseline year, milestones out of year order or outside the baseline and
// target years.
func (c *PlanChecker) Read(rd RowReader) (map[string][]PlanEntry, int, error) {
	h, err := ReadHeader(rd, PlanColumns, PlanColumns)
	if err != nil {
		return nil, 0, err
	}
	var (
		errs   FieldErrors
		rows   int
		groups = map[[2]string][]planRow{}
		broken = map[[2]string]bool{}
		order  [][2]string
	)
	for {
		line, rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, 0, err
		}
		if Blank(rec) {
			continue
		}
		rows++
		if wide, text := h.CheckWidth(line, rec, &errs), h.CheckCells(line, rec, &errs); !wide || !text {
			continue
		}
		e, ok := c.row(line, h, rec, &errs)
		k := [2]string{e.ZoneCode, e.IndicatorCode}
		if !ok {
			// The line's other rows are not checked as a whole: the
			// missing row would only be reported twice.
			broken[k] = true
			continue
		}
		if _, seen := groups[k]; !seen {
			order = append(order, k)
		}
		groups[k] = append(groups[k], planRow{line, e})
	}
	if rows == 0 && errs.Total == 0 {
		errs.AddWith(2, "zone_code", "required", map[string]string{"rule": "no_rows"}, "the plan file has no rows")
	}
	for _, k := range order {
		if !broken[k] {
			checkPlanLine(groups[k], &errs)
		}
	}
	if err := errs.Err("the plan file was not imported"); err != nil {
		// A row of a zone outside the importer's scope makes the whole
		// file a refusal of rights, as for a measurements file.
		for _, f := range errs.List {
			if f.Code == "forbidden_zone" {
				err.(*Error).Code = Forbidden
				break
			}
		}
		return nil, 0, err
	}
	out := map[string][]PlanEntry{}
	for _, k := range order {
		for _, r := range groups[k] {
			out[k[0]] = append(out[k[0]], r.e)
		}
	}
	return out, rows, nil
}

// row checks one row's cells.
func (c *PlanChecker) row(line int, h *Header, rec []string, errs *FieldErrors) (PlanEntry, bool) {
	before := errs.Total
	e := PlanEntry{ZoneCode: h.Get(rec, "zone_code"), IndicatorCode: h.Get(rec, "indicator_code")}
	switch zc := e.ZoneCode; {
	case zc == "":
		errs.Add(line, "zone_code", "required", "zone_code is empty")
	case !c.Zones[zc]:
		errs.AddWith(line, "zone_code", "unknown_zone", map[string]string{"value": zc}, "unknown zone %q", zc)
	case c.Zone != "" && zc != c.Zone:
		errs.AddWith(line, "zone_code", "other_zone", map[string]string{"value": zc, "other": c.Zone}, "zone %q is not the zone of this plan (%s)", zc, c.Zone)
	case c.MayEdit != nil && !c.MayEdit(zc):
		errs.AddWith(line, "zone_code", "forbidden_zone", map[string]string{"value": zc}, "zone %q is not one of your zones", zc)
	}
	switch ic := e.IndicatorCode; {
	case ic == "":
		errs.Add(line, "indicator_code", "required", "indicator_code is empty")
	case !c.Indicators[ic]:
		errs.AddWith(line, "indicator_code", "unknown_indicator", map[string]string{"value": ic}, "unknown indicator %q in this framework", ic)
	}
	k, err := ParsePlanKind(h.Get(rec, "kind"))
	if err != nil {
		errs.AddWith(line, "kind", "invalid", map[string]string{"value": h.Get(rec, "kind"), "expected": "baseline, milestone, target"}, "%v", err)
	}
	e.Kind = k
	ys := h.Get(rec, "year")
	y, err := strconv.Atoi(ys)
	switch {
	case ys == "":
		errs.Add(line, "year", "required", "year is empty")
	case err != nil:
		errs.AddWith(line, "year", "not_a_number", map[string]string{"value": ys, "expected": "2019"}, "year %s is not a whole year", shortQuote(ys))
	case y < MinYear || y > MaxYear:
		errs.AddWith(line, "year", "out_of_range", map[string]string{"value": ys, "low": strconv.Itoa(MinYear), "high": strconv.Itoa(MaxYear)}, "year %d is not between %d and %d", y, MinYear, MaxYear)
	}
	e.Year = y
	vs := h.Get(rec, "value")
	v, verr := ParseValue(vs)
	switch {
	case vs == "":
		errs.Add(line, "value", "required", "value is empty")
	case verr != nil:
		errs.AddNumber(line, "value", verr)
	}
	e.Value = v
	return e, errs.Total == before
}

// checkPlanLine checks the rows of one zone × indicator: one baseline and
// one target, the target year after the baseline year, milestones in year
// order strictly between them, no year given twice. Each problem is
// reported on the line of the row at fault.
func checkPlanLine(rows []planRow, errs *FieldErrors) {
	var base, target *planRow
	for i := range rows {
		r := &rows[i]
		switch r.e.Kind {
		case PlanBaseline:
			if base != nil {
				errs.AddWith(r.line, "kind", "duplicate", map[string]string{"kind": "baseline", "first_line": strconv.Itoa(base.line)},
					"zone %q, indicator %q already has a baseline on line %d", r.e.ZoneCode, r.e.IndicatorCode, base.line)
				continue
			}
			base = r
		case PlanTarget:
			if target != nil {
				errs.AddWith(r.line, "kind", "duplicate", map[string]string{"kind": "target", "first_line": strconv.Itoa(target.line)},
					"zone %q, indicator %q already has a target on line %d", r.e.ZoneCode, r.e.IndicatorCode, target.line)
				continue
			}
			target = r
		}
	}
	first := rows[0]
	if base == nil {
		errs.AddWith(first.line, "kind", "missing_baseline", map[string]string{"zone": first.e.ZoneCode, "indicator": first.e.IndicatorCode},
			"zone %q, indicator %q has no baseline row", first.e.ZoneCode, first.e.IndicatorCode)
	}
	if target == nil {
		errs.AddWith(first.line, "kind", "missing_target", map[string]string{"zone": first.e.ZoneCode, "indicator": first.e.IndicatorCode},
			"zone %q, indicator %q has no target row", first.e.ZoneCode, first.e.IndicatorCode)
	}
	if base != nil && target != nil && target.e.Year <= base.e.Year {
		errs.AddWith(target.line, "year", "target_before_baseline", map[string]string{"value": strconv.Itoa(target.e.Year), "low": strconv.Itoa(base.e.Year), "first_line": strconv.Itoa(base.line)},
			"the target year %d is not after the baseline year %d (line %d)", target.e.Year, base.e.Year, base.line)
		return
	}
	var prev *planRow
	for i := range rows {
		r := &rows[i]
		if r.e.Kind != PlanMilestone {
			continue
		}
		switch {
		case prev != nil && r.e.Year == prev.e.Year:
			errs.AddWith(r.line, "year", "duplicate", map[string]string{"value": strconv.Itoa(r.e.Year), "first_line": strconv.Itoa(prev.line)},
				"zone %q, indicator %q already has a milestone for %d on line %d", r.e.ZoneCode, r.e.IndicatorCode, r.e.Year, prev.line)
		case prev != nil && r.e.Year < prev.e.Year:
			errs.AddWith(r.line, "year", "milestone_order", map[string]string{"value": strconv.Itoa(r.e.Year), "other": strconv.Itoa(prev.e.Year), "first_line": strconv.Itoa(prev.line)},
				"milestone %d comes after milestone %d (line %d): list milestones in year order", r.e.Year, prev.e.Year, prev.line)
		case base != nil && target != nil && (r.e.Year <= base.e.Year || r.e.Year >= target.e.Year):
			errs.AddWith(r.line, "year", "milestone_outside", map[string]string{"value": strconv.Itoa(r.e.Year), "low": strconv.Itoa(base.e.Year), "high": strconv.Itoa(target.e.Year)},
				"milestone %d is not between the baseline year %d and the target year %d", r.e.Year, base.e.Year, target.e.Year)
		}
		if prev == nil || r.e.Year > prev.e.Year {
			prev = r
		}
	}
}

// SortPlanEntries puts entries in their canonical order: by indicator,
// then baseline, milestones by year, target.
func SortPlanEntries(es []PlanEntry) {
	rank := map[PlanKind]int{PlanBaseline: 0, PlanMilestone: 1, PlanTarget: 2}
	sort.SliceStable(es, func(a, b int) bool {
		x, y := es[a], es[b]
		if x.IndicatorCode != y.IndicatorCode {
			return x.IndicatorCode < y.IndicatorCode
		}
		if rank[x.Kind] != rank[y.Kind] {
			return rank[x.Kind] < rank[y.Kind]
		}
		return x.Year < y.Year
	})
}

// WritePlan writes entries in the plan file format.
func WritePlan(w io.Writer, es []PlanEntry) error {
	cw := NewCSVWriter(w)
	if err := cw.Write(PlanColumns); err != nil {
		return err
	}
	for _, e := range es {
		if err := cw.Write([]string{e.ZoneCode, e.IndicatorCode, string(e.Kind), strconv.Itoa(e.Year), FormatNumber(e.Value)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
