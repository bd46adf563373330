package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/locale"
)

// historyPageData is what templates/pages/history.html shows: the
// versions of one indicator's values for one zone, one section per period.
type historyPageData struct {
	Zone      indicators.Zone
	Framework indicators.Framework
	Indicator *indicators.Indicator
	About     catalogueText
	// Year is the year shown; Period is set when one period was asked for.
	Year    int
	Period  string
	Periods []historyPeriod
	Links   historyLinks
}

// historyPeriod is one period's versions, oldest first.
type historyPeriod struct {
	Period   string
	Versions []indicators.ValueVersion
	// Evidence is the files attached to the period's value.
	Evidence []indicators.Evidence
}

// historyLinks lead back to the zone's pages and to the years either side.
type historyLinks struct {
	Scorecard, Progress, Earlier, Later, Entry string
}

// historyPage serves GET /zones/{zone}/indicators/{code}/history
// ?framework=&year= or &period=: every version of the zone's values of one
// indicator, in one period or in each period of a year (the latest year
// with values by default), with who did what and when.
func (s *Server) historyPage(c *gin.Context) {
	zone, code := c.Param("zone"), c.Param("code")
	if err := scope(c, zone); err != nil {
		s.fail(c, err)
		return
	}
	fw := pageFramework(c)
	periods, year, ok := s.historyPeriods(c, fw)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	f, _, cat, ok := s.frameworkPage(c, fw)
	if !ok {
		return
	}
	var ind *indicators.Indicator
	for i := range cat.Indicators {
		if cat.Indicators[i].Code == code {
			ind = &cat.Indicators[i]
		}
	}
	if ind == nil {
		s.fail(c, indicators.Errorf(indicators.NotFound, "indicator %q not found in framework %q", code, fw))
		return
	}
	z, err := s.svc.Zone(ctx, zone)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := &historyPageData{Zone: z, Framework: f, Indicator: ind, About: catalogueTextOf(langOf(c), ind), Year: year}
	if len(periods) == 1 && c.Query("period") != "" {
		d.Period = periods[0].String()
	} else {
		periods = indicators.PeriodsOfYear(year, ind.Frequency)
	}
	for _, p := range periods {
		vs, err := s.svc.ValueHistory(ctx, indicators.ValueKey{Framework: fw, Zone: zone, Indicator: ind.Code, Period: p.String()})
		if err != nil {
			s.fail(c, err)
			return
		}
		d.Periods = append(d.Periods, historyPeriod{Period: p.String(), Versions: vs})
	}
	d.Links = historyLinksFor(zone, fw, ind, year)
	if err := s.historyEvidence(ctx, d); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "history", "compare", d)
}

// historyPeriods reads period= (one period) or year= (a year, the latest
// with values by default). On a problem it answers and returns false.
func (s *Server) historyPeriods(c *gin.Context, fw string) ([]indicators.Period, int, bool) {
	if v := c.Query("period"); v != "" {
		p, err := indicators.ParsePeriod(v)
		if err != nil {
			s.fail(c, indicators.FieldsError("the query is not valid", []indicators.FieldError{{Field: "period", Code: "invalid_period", Message: err.Error()}}))
			return nil, 0, false
		}
		return []indicators.Period{p}, p.Year, true
	}
	y, ok := s.pageYear(c, fw)
	return nil, y, ok
}

// historyLinksFor are the links of the history page of indicator code.
func historyLinksFor(zone, fw string, ind *indicators.Indicator, year int) historyLinks {
	base := "/zones/" + url.PathEscape(zone)
	q := func(y int) string { return url.Values{"framework": {fw}, "year": {strconv.Itoa(y)}}.Encode() }
	h := historyPath(zone, ind.Code)
	l := historyLinks{Scorecard: base + "/scorecard?" + q(year) + "#g-" + url.PathEscape(ind.PerspectiveCode), Progress: base + "/progress?" + q(year),
		Entry: base + "/entry?" + q(year)}
	if indicators.ValidYear(year - 1) {
		l.Earlier = h + "?" + q(year-1)
	}
	if indicators.ValidYear(year + 1) {
		l.Later = h + "?" + q(year+1)
	}
	return l
}

// historyPath is the path of an indicator's history page for a zone.
func historyPath(zone, code string) string {
	return "/zones/" + url.PathEscape(zone) + "/indicators/" + url.PathEscape(code) + "/history"
}

// historyURL is the link from a page's row to the versions of its value:
// the year's periods, or one period when period is not empty.
func historyURL(zone, fw, code string, year int, period string) template.URL {
	v := url.Values{"framework": {fw}}
	if period != "" {
		v.Set("period", period)
	} else {
		v.Set("year", strconv.Itoa(year))
	}
	return template.URL(historyPath(zone, code) + "?" + v.Encode())
}

// catalogueText is an indicator's unit, definition and source in the
// page's language, each marked with its own language when it had to be
// taken from the other one.
type catalogueText struct {
	Unit, Definition, Source langText
}

// langText is a text and, when it is not in the page's language, the
// language it is in (for a lang attribute).
type langText struct {
	Text, Lang string
}

// textIn picks en or zh for l as Lang.Text does and says when the pick is
// not in l's language.
func textIn(l *Lang, en, zh string) langText {
	t := langText{Text: l.Text(en, zh)}
	switch {
	case t.Text == "":
	case l.Code == "zh" && zh == "":
		t.Lang = "en"
	case l.Code != "zh" && en == "":
		t.Lang = locale.Of("zh").HTMLLang()
	}
	return t
}

func catalogueTextOf(l *Lang, ind *indicators.Indicator) catalogueText {
	return catalogueText{Unit: textIn(l, ind.Unit, ind.UnitZh), Definition: textIn(l, ind.Definition, ind.DefinitionZh),
		Source: textIn(l, ind.Source, ind.SourceZh)}
}

// langSpan writes a catalogue text, in a span with its own lang attribute
// when it is not in the page's language.
func langSpan(t langText) template.HTML {
	if t.Lang == "" {
		return template.HTML(template.HTMLEscapeString(t.Text))
	}
	return template.HTML(`<span lang="` + t.Lang + `">` + template.HTMLEscapeString(t.Text) + `</span>`)
}

var _ = registerFuncs(template.FuncMap{"langSpan": langSpan, "historyURL": historyURL})

// valueHistoryShow serves GET /api/v1/zones/{zone}/indicators/{code}/history
// ?framework=&period=: the versions the history page shows for one period,
// as {"items": [...]}, oldest first.
func (s *Server) valueHistoryShow(c *gin.Context) {
	zone := c.Param("zone")
	if err := scope(c, zone); err != nil {
		s.fail(c, err)
		return
	}
	period := c.Query("period")
	if period == "" {
		s.fail(c, indicators.FieldsError("the query is not valid", []indicators.FieldError{{Field: "period", Code: "required", Message: "period is required"}}))
		return
	}
	vs, err := s.svc.ValueHistory(c.Request.Context(), indicators.ValueKey{Framework: pageFramework(c), Zone: zone, Indicator: c.Param("code"), Period: period})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, valueHistory{Items: vs})
}

// valueHistory is every version of one value, oldest first.
type valueHistory struct {
	Items []indicators.ValueVersion `json:"items"`
}
