package web

import (
	"context"
	"errors"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/reports"
)

// entryRow is one line of the entry form: an indicator and one period of
// the year — the year itself for an annual indicator, each quarter or
// month for the others.
type entryRow struct {
	Ind indicators.Indicator
	// Annual says the row is the indicator's only one; First marks the
	// first period of a quarterly or monthly indicator, which shows its name.
	Annual, First bool
	// Period is the row's period ("2021", "2021-Q2", "2021-03") and Key
	// names its fields: the indicator code for an annual row, else the
	// code and the period joined by "__" (v.KEY, ver.KEY, id v-KEY).
	Period, Key string
	// Cur is this year's current value, Prev last year's; nil when none.
	Cur, Prev *indicators.Measurement
	// Typed is what the field shows: what was typed, else the stored value.
	// Stored is the stored value as the field shows it ("" when none),
	// which the page's script compares with the field to count changes.
	Typed, Stored string
	// Source is what the row's source field shows: what was typed, else
	// the stored value's source; SourceErr is its problem.
	Source, SourceErr string
	// SourceAnew says the source field was emptied for a changed number,
	// so whatever it holds was typed for the new one (sent as sn.KEY=1).
	SourceAnew bool
	// Unit is the indicator's unit and Range its plausible bounds, both in
	// the page's language.
	Unit, Range string
	// Version is the version of Cur the form was read at, sent back in a
	// hidden field so that a concurrent change is noticed.
	Version int
	// Err is the field's problem, already in the page's language.
	Err string
	// Quality is the code the quality select shows and Explanation what
	// the explanation field holds (typed, else stored); QualityErr and
	// ExplErr are their problems. Warnings are what the checks say of the
	// value, as sentences in the page's language.
	Quality, Explanation, QualityErr, ExplErr string
	Warnings                                  []string
	// NotApplicable is why the indicator does not apply to the zone (its
	// type, or an approved mark), in the page's language; such a row
	// offers no field.
	NotApplicable string
	// Evidence is the files attached to Cur.
	Evidence []indicators.Evidence
}

// Anchor is the row's id: "Correct it" links land on it (#m-KEY).
func (r *entryRow) Anchor() string { return "m-" + r.Key }

// StoredSource is the source of the stored value, "" when none.
func (r *entryRow) StoredSource() string {
	if r.Cur == nil {
		return ""
	}
	return r.Cur.Source
}

// entryRowLink is the entry form of value m's year opened at m's row, for
// the links that send an officer to correct a value.
func entryRowLink(fw string, m indicators.Measurement) string {
	base := "/zones/" + url.PathEscape(m.ZoneCode) + "/entry?"
	per, err := indicators.ParsePeriod(m.Period)
	if err != nil {
		return base + url.Values{"framework": {fw}}.Encode()
	}
	key := entryKey(m.IndicatorCode, per.String(), per.Frequency == indicators.Annual)
	return base + url.Values{"framework": {fw}, "year": {strconv.Itoa(per.Year)}}.Encode() + "#m-" + url.PathEscape(key)
}

// entryCategory is one category of a perspective with its rows; Category
// is nil for the indicators that have none.
type entryCategory struct {
	Category *indicators.Category
	Rows     []*entryRow
}

type entryGroup struct {
	Perspective indicators.Perspective
	Categories  []entryCategory
}

// entryForm is the data of the entry page.
type entryForm struct {
	Zone       indicators.Zone
	Framework  string
	Frameworks []indicators.Framework
	Year       int
	// Years is the span of years the form takes; Outside is a year asked
	// for outside it, which sent the browser here (0 when none).
	Years   entryYears
	Outside int
	Groups  []entryGroup
	// rows holds every row by indicator code, in catalogue order in list.
	rows   map[string]*entryRow
	list   []*entryRow
	Closed bool
	Source string
	// SourceErr is the problem of the source field.
	SourceErr string
	// Problem is a message about the whole form (a closed period, a save
	// stopped half-way); Status is the answer's HTTP status.
	Problem string
	Status  int
	// Changed counts the fields that differ from what is stored, as the
	// save bar shows it before the page's script counts them live.
	Changed int
}

// Errors lists the rows with a problem, for the summary at the top.
func (f *entryForm) Errors() []*entryRow {
	var out []*entryRow
	for _, r := range f.list {
		if r.Err != "" || r.SourceErr != "" || r.QualityErr != "" || r.ExplErr != "" {
			out = append(out, r)
		}
	}
	return out
}

// Period is the annual period of the form's year.
func (f *entryForm) Period() string { return strconv.Itoa(f.Year) }

// Prev is the year before the form's.
func (f *entryForm) Prev() int { return f.Year - 1 }

// HasPrev and HasNext say whether the years before and after the form's
// are ones the form takes.
func (f *entryForm) HasPrev() bool { return f.Years.Has(f.Year - 1) }
func (f *entryForm) HasNext() bool { return f.Years.Has(f.Year + 1) }

// StoreKey names the typed values kept in the browser across a change of
// language: one zone, framework and year.
func (f *entryForm) StoreKey() string {
	return "igmc.entry." + f.Zone.Code + "." + f.Framework + "." + f.Period()
}

// Action is the form's URL.
func (f *entryForm) Action() string {
	return "/zones/" + url.PathEscape(f.Zone.Code) + "/entry?" + url.Values{"framework": {f.Framework}, "year": {f.Period()}}.Encode()
}

// entryPage serves GET /zones/{zone}/entry?framework=&year=: the form of
// every indicator of the zone for the year, a field for each period.
func (s *Server) entryPage(c *gin.Context) {
	fw := pageFramework(c)
	year, ok := s.pageYear(c, fw)
	if !ok {
		return
	}
	f, err := s.entryLoad(c, c.Param("zone"), fw, year)
	var outside *yearOutside
	if errors.As(err, &outside) {
		entryRedirectYear(c, c.Param("zone"), fw, outside)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	f.Outside = entryOutside(c, f.Years)
	for _, r := range f.list {
		r.Typed, r.Source = r.Stored, r.StoredSource()
		r.Quality, r.Explanation = r.StoredQuality(), r.StoredExplanation()
	}
	if err := s.entryWarnings(c.Request.Context(), langOf(c), f, nil); err != nil {
		s.fail(c, err)
		return
	}
	v := &View{Nav: "home", Data: f}
	if n, err := strconv.Atoi(c.Query("saved")); err == nil {
		sub, _ := strconv.Atoi(c.Query("submitted"))
		v.Flash = langOf(c).T("entry.flash", "Saved", n, "Submitted", sub)
		if n == 0 && sub == 0 {
			v.Flash = langOf(c).T("entry.flash_nothing")
		}
	}
	s.renderView(c, 200, "entry", v)
}

// entryLoad reads what the form shows: the zone, the catalogue, the year's
// and the previous year's values and whether the year is closed. A year
// outside the form's span is refused with a *yearOutside.
func (s *Server) entryLoad(c *gin.Context, zone, fw string, year int) (*entryForm, error) {
	ctx := c.Request.Context()
	if err := scope(c, zone); err != nil {
		return nil, err
	}
	z, err := s.svc.Zone(ctx, zone)
	if err != nil {
		return nil, err
	}
	cat, err := s.svc.Catalogue(ctx, fw)
	if err != nil {
		return nil, err
	}
	fws, err := s.svc.ListFrameworks(ctx)
	if err != nil {
		return nil, err
	}
	span, err := s.entryYearsOf(ctx, fw, cat)
	if err != nil {
		return nil, err
	}
	if !span.Has(year) {
		return nil, &yearOutside{year: year, span: span}
	}
	l := langOf(c)
	f := &entryForm{Zone: z, Framework: fw, Frameworks: fws, Year: year, Years: span, rows: map[string]*entryRow{}, Status: 200}
	for _, ind := range cat.Indicators {
		freq := ind.Frequency
		if freq == "" {
			freq = indicators.Annual
		}
		for i, per := range indicators.PeriodsOfYear(year, freq) {
			r := &entryRow{Ind: ind, Annual: freq == indicators.Annual, First: i == 0, Period: per.String(),
				Unit: l.Text(ind.Unit, ind.UnitZh), Range: entryBounds(l, ind)}
			r.Key = entryKey(ind.Code, r.Period, r.Annual)
			f.rows[r.Key], f.list = r, append(f.list, r)
		}
	}
	if err := s.entryValues(ctx, f); err != nil {
		return nil, err
	}
	if err := s.entryEvidence(ctx, f); err != nil {
		return nil, err
	}
	periods, err := s.svc.ListPeriods(ctx, fw)
	if err != nil {
		return nil, err
	}
	for _, p := range periods {
		f.Closed = f.Closed || p.Year == year && p.Closed
	}
	na, err := s.notApplicable(c, fw, zone)
	if err != nil {
		return nil, err
	}
	byCode := map[string][]*entryRow{}
	for _, r := range f.list {
		r.NotApplicable = na[r.Ind.Code]
		byCode[r.Ind.Code] = append(byCode[r.Ind.Code], r)
	}
	f.Groups = entryGroups(cat, byCode)
	return f, nil
}

// entryBounds is the plausible range of an indicator in words, as the
// form shows it beside the field.
func entryBounds(l *Lang, ind indicators.Indicator) string {
	switch {
	case ind.Min != nil && ind.Max != nil:
		return l.T("entry.bounds.both", "Min", l.Num(*ind.Min, 6), "Max", l.Num(*ind.Max, 6))
	case ind.Min != nil:
		return l.T("entry.bounds.min", "Min", l.Num(*ind.Min, 6))
	case ind.Max != nil:
		return l.T("entry.bounds.max", "Max", l.Num(*ind.Max, 6))
	}
	return l.T("entry.bounds.none")
}

// entryKey names the fields of an indicator's period on the form.
func entryKey(code, period string, annual bool) string {
	if annual {
		return code
	}
	return code + "__" + period
}

// entryValues (re)reads the year's and the previous year's values of the
// form's rows: each period's value, and the same period a year before.
func (s *Server) entryValues(ctx context.Context, f *entryForm) error {
	for _, r := range f.list {
		r.Cur, r.Prev, r.Version, r.Stored = nil, nil, 0, ""
	}
	var all []indicators.Measurement
	for _, y := range []int{f.Year, f.Year - 1} {
		ms, err := s.entryList(ctx, indicators.MeasurementFilter{Framework: f.Framework, Zone: f.Zone.Code, Year: y})
		if err != nil {
			return err
		}
		all = append(all, ms...)
	}
	for i := range all {
		m := &all[i]
		per, err := indicators.ParsePeriod(m.Period)
		if err != nil {
			continue
		}
		annual := per.Frequency == indicators.Annual
		this := per
		this.Year = f.Year
		r := f.rows[entryKey(m.IndicatorCode, this.String(), annual)]
		switch {
		case r == nil:
		case per.Year == f.Year:
			r.Cur, r.Version, r.Stored = m, m.Version, indicators.FormatNumber(m.Value)
		default:
			r.Prev = m
		}
	}
	return nil
}

// entryList reads every page of a measurement list.
func (s *Server) entryList(ctx context.Context, f indicators.MeasurementFilter) ([]indicators.Measurement, error) {
	f.Limit = 1000
	var out []indicators.Measurement
	for {
		p, err := s.svc.ListMeasurements(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if p.Next == nil {
			return out, nil
		}
		f.After = *p.Next
	}
}

// entryGroups arranges the rows by perspective, then category, in the
// catalogue's order; indicators without a known category come last.
func entryGroups(cat *indicators.Catalogue, rows map[string][]*entryRow) []entryGroup {
	var out []entryGroup
	for _, p := range cat.Perspectives {
		g := entryGroup{Perspective: p}
		known := map[string]bool{}
		for i := range p.Categories {
			known[p.Categories[i].Code] = true
			ec := entryCategory{Category: &p.Categories[i]}
			for _, ind := range cat.Indicators {
				if ind.PerspectiveCode == p.Code && ind.CategoryCode == p.Categories[i].Code {
					ec.Rows = append(ec.Rows, rows[ind.Code]...)
				}
			}
			if len(ec.Rows) > 0 {
				g.Categories = append(g.Categories, ec)
			}
		}
		rest := entryCategory{}
		for _, ind := range cat.Indicators {
			if ind.PerspectiveCode == p.Code && !known[ind.CategoryCode] {
				rest.Rows = append(rest.Rows, rows[ind.Code]...)
			}
		}
		if len(rest.Rows) > 0 {
			g.Categories = append(g.Categories, rest)
		}
		if len(g.Categories) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// notApplicable is what does not apply to a zone as its entry form and
// official scorecard see it: the indicators its type leaves out and its
// approved marks, each with its reason in the page's language.
func (s *Server) notApplicable(c *gin.Context, fw, zone string) (map[string]string, error) {
	marks, err := s.svc.Applicability(c.Request.Context(), fw, zone)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, m := range marks {
		if m.Source == indicators.FromMark && m.Status != indicators.Approved {
			continue
		}
		out[m.Indicator] = reports.NotApplicableText(langOf(c), m.Reason)
	}
	return out, nil
}
