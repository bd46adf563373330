package reports

import (
	"context"
	"html"
	"html/template"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"

	"igmc/indicators"
	"igmc/locale"
	"igmc/scoring"
)

// The data of each public page, built from the published cards.

// publicSummary is one cell of the zones × years table.
type publicSummary struct {
	Year   int
	Link   string
	Index  *float64
	Points float64
	Max    float64
	Grade  string
}

type publicZoneRow struct {
	Zone  indicators.Zone
	Cells []publicSummary
}

type publicZonesData struct {
	Pager      *publicPager
	Years      []int
	Zones      []publicZoneRow
	Indicators []publicIndicatorLink
}

type publicIndicatorLink struct {
	Code, Name, Link string
}

func publicGrade(l *locale.Lang, g *string) string {
	if g == nil {
		return l.T("scorecard.grade.none")
	}
	return *g
}

// zonesView is page n of the zones × years table, made from every
// year's summaries.
func (d *publicData) zonesView(ctx context.Context, l *locale.Lang, n int) (*publicZonesData, error) {
	sums := make([]map[string]*scoring.RankRow, len(d.Years))
	for k := range d.Years {
		var err error
		if sums[k], err = d.summaries(ctx, k); err != nil {
			return nil, err
		}
	}
	p, lo, hi := d.pager(n)
	out := &publicZonesData{Pager: p, Years: d.Years}
	for i := lo; i < hi; i++ {
		z := d.Zones[i]
		row := publicZoneRow{Zone: z}
		for k, y := range d.Years {
			cell := publicSummary{Year: y, Link: "zones/" + url.PathEscape(z.Code) + "/" + strconv.Itoa(y) + "/index.html", Grade: publicGrade(l, nil)}
			if r := sums[k][z.Code]; r != nil {
				cell.Index, cell.Points, cell.Max, cell.Grade = r.Index, r.Points, r.PointsMax, publicGrade(l, r.Grade)
			}
			row.Cells = append(row.Cells, cell)
		}
		out.Zones = append(out.Zones, row)
	}
	for _, ind := range d.Catalogue.Indicators {
		out.Indicators = append(out.Indicators, publicIndicatorLink{Code: ind.Code, Name: l.Name(ind.NameEn, ind.NameZh),
			Link: "indicators/" + url.PathEscape(ind.Code) + "/index.html"})
	}
	return out, nil
}

type publicPerspective struct {
	Code, Name string
	Indicators []publicIndicatorLink
}

type publicPerspectiveRow struct {
	Zone   indicators.Zone
	Link   string
	Scores []publicScore
}

type publicScore struct {
	Score  *float64
	Rating string
}

type publicPerspectivesData struct {
	Pager        *publicPager
	Year         int
	Perspectives []publicPerspective
	Zones        []publicPerspectiveRow
}

// perspectivesView is the perspectives with page n of their scores in
// the last published year, from that year's summaries.
func (d *publicData) perspectivesView(l *locale.Lang, n int, last map[string]*scoring.RankRow) *publicPerspectivesData {
	k := len(d.Years) - 1
	pg, lo, hi := d.pager(n)
	out := &publicPerspectivesData{Pager: pg, Year: d.Years[k]}
	for _, p := range d.Catalogue.Perspectives {
		pp := publicPerspective{Code: p.Code, Name: l.Name(p.NameEn, p.NameZh)}
		for _, ind := range d.Catalogue.Indicators {
			if ind.PerspectiveCode == p.Code {
				pp.Indicators = append(pp.Indicators, publicIndicatorLink{Code: ind.Code, Name: l.Name(ind.NameEn, ind.NameZh),
					Link: "../indicators/" + url.PathEscape(ind.Code) + "/index.html"})
			}
		}
		out.Perspectives = append(out.Perspectives, pp)
	}
	for i := lo; i < hi; i++ {
		z := d.Zones[i]
		row := publicPerspectiveRow{Zone: z, Link: "../zones/" + url.PathEscape(z.Code) + "/" + strconv.Itoa(d.Years[k]) + "/index.html"}
		byCode := map[string]*scoring.RankPerspective{}
		if r := last[z.Code]; r != nil {
			for j := range r.Perspectives {
				byCode[r.Perspectives[j].Code] = &r.Perspectives[j]
			}
		}
		for _, p := range d.Catalogue.Perspectives {
			var s publicScore
			if pc := byCode[p.Code]; pc != nil {
				s = publicScore{Score: pc.Score, Rating: ratingText(l, pc.Rating)}
			}
			row.Scores = append(row.Scores, s)
		}
		out.Zones = append(out.Zones, row)
	}
	return out
}

type publicIndicatorData struct {
	Pager                    *publicPager
	Indicator                *indicators.Indicator
	Name, Unit, Source, Defn string
	Perspective              string
	Bounds                   *indicators.Bounds
	Years                    []int
	Medians                  []publicMedian
	Chart                    template.HTML
	// Body is the rows of the page's zones in the zones × years table.
	Body template.HTML
}

type publicMedian struct {
	Year  int
	Value *float64
	N     int
}

// indicatorView is one indicator: its medians and chart over every zone,
// and page n of its zones × years table.
func (d *publicData) indicatorView(l *locale.Lang, ind *indicators.Indicator, n int, all *publicCards) *publicIndicatorData {
	pg, lo, hi := d.pager(n)
	out := &publicIndicatorData{Pager: pg, Indicator: ind, Name: l.Name(ind.NameEn, ind.NameZh), Unit: l.Text(ind.Unit, ind.UnitZh),
		Source: l.Text(ind.Source, ind.SourceZh), Defn: l.Text(ind.Definition, ind.DefinitionZh), Years: d.Years}
	for _, p := range d.Catalogue.Perspectives {
		if p.Code == ind.PerspectiveCode {
			out.Perspective = l.Name(p.NameEn, p.NameZh)
		}
	}
	if b, err := ind.Bounds(); err == nil {
		out.Bounds = &b
	}
	// The table has a cell per zone and year, so it is written here
	// rather than by the template: thousands of cells.
	per := make([][]float64, len(d.Years))
	for i := range d.Zones {
		for k := range d.Years {
			if ic := all.yearValue(i, k, ind.Code); ic != nil {
				per[k] = append(per[k], *ic.Value)
			}
		}
	}
	var b strings.Builder
	for i := lo; i < hi; i++ {
		z := d.Zones[i]
		b.WriteString(`<tr data-zone="` + html.EscapeString(z.Code) + `"><th scope="row">`)
		b.WriteString(html.EscapeString(l.Name(z.NameEn, z.NameZh)))
		b.WriteString("</th>")
		for k, y := range d.Years {
			b.WriteString("<td>")
			ic := all.yearValue(i, k, ind.Code)
			if ic == nil {
				b.WriteString("–</td>")
				continue
			}
			b.WriteString(`<a href="../../zones/`)
			b.WriteString(html.EscapeString(url.PathEscape(z.Code)))
			b.WriteString("/" + strconv.Itoa(y) + `/index.html">`)
			b.WriteString(locale.Decimal(*ic.Value, 4, -1))
			b.WriteString("</a>")
			if ic.Rating != nil {
				b.WriteString(" · " + html.EscapeString(ratingText(l, *ic.Rating)))
			}
			b.WriteString("</td>")
		}
		b.WriteString("</tr>\n")
	}
	out.Body = template.HTML(b.String())
	vals := make([]float64, len(d.Years))
	for k, y := range d.Years {
		m := publicMedian{Year: y, N: len(per[k])}
		vals[k] = math.NaN()
		if len(per[k]) > 0 {
			sort.Float64s(per[k])
			n := len(per[k])
			med := per[k][n/2]
			if n%2 == 0 {
				med = (per[k][n/2-1] + per[k][n/2]) / 2
			}
			m.Value, vals[k] = &med, med
		}
		out.Medians = append(out.Medians, m)
	}
	ch := SVGChart{Width: publicChartW, Height: publicChartH, Years: d.Years, Values: vals, Digits: 2, Class: "chart-indicator"}
	if ind.TargetValue != nil {
		ch.Refs = append(ch.Refs, SVGRef{Value: *ind.TargetValue, Stroke: SVGBlue, Dash: SVGDashLong})
	}
	if out.Bounds != nil {
		ch.Refs = append(ch.Refs, SVGRef{Value: out.Bounds.Green, Stroke: SVGGreen, Dash: SVGDashShort}, SVGRef{Value: out.Bounds.Red, Stroke: SVGRed, Dash: SVGDashShort})
	}
	words := SeriesWords(d.Years, vals, 2, PairFormat(l), l.T("scorecard.chart.sep_list"), l.T("scorecard.chart.no_value"))
	ch.Label = l.T("public.chart", "Name", out.Name, "Unit", out.Unit, "Values", words)
	out.Chart = ch.SVG()
	return out
}

type publicScorecardData struct {
	Zone   indicators.Zone
	Year   int
	Card   *scoring.Card
	Grade  string
	Years  []publicSummary
	Groups []publicCardGroup
}

type publicCardGroup struct {
	Perspective *scoring.PerspectiveCard
	Name        string
	Rating      string
	// Body is the rows of the perspective's indicators, written here
	// rather than by the template: a site has thousands of scorecards.
	Body template.HTML
}

func (d *publicData) scorecardView(l *locale.Lang, z, k int, cards []scoring.Card) *publicScorecardData {
	c := &cards[k]
	out := &publicScorecardData{Zone: d.Zones[z], Year: d.Years[k], Card: c, Grade: publicGrade(l, c.Points.Grade)}
	for _, y := range d.Years {
		out.Years = append(out.Years, publicSummary{Year: y, Link: "../" + strconv.Itoa(y) + "/index.html"})
	}
	notApplicable := l.T("public.not_applicable")
	for pi := range c.Perspectives {
		p := &c.Perspectives[pi]
		g := publicCardGroup{Perspective: p, Name: l.Name(p.NameEn, p.NameZh), Rating: ratingText(l, p.Rating)}
		var b strings.Builder
		for ii := range c.Indicators {
			ic := &c.Indicators[ii]
			if ic.PerspectiveCode != p.Code {
				continue
			}
			name, unit := ic.IndicatorCode, ic.Unit
			if ind := d.indicator(ic.IndicatorCode); ind != nil {
				name, unit = l.Name(ind.NameEn, ind.NameZh), l.Text(ind.Unit, ind.UnitZh)
			}
			code := html.EscapeString(ic.IndicatorCode)
			b.WriteString(`<tr><th scope="row"><a href="../../../indicators/` + html.EscapeString(url.PathEscape(ic.IndicatorCode)) + `/index.html">`)
			b.WriteString(code + " " + html.EscapeString(name) + "</a></th>")
			if !ic.Applicable {
				b.WriteString(`<td colspan="4">` + html.EscapeString(notApplicable) + "</td></tr>\n")
				continue
			}
			b.WriteString("<td>")
			if ic.Value != nil {
				b.WriteString(locale.Decimal(*ic.Value, 4, -1))
				if ic.Year != nil && *ic.Year != out.Year {
					b.WriteString(" (" + strconv.Itoa(*ic.Year) + ")")
				}
			} else {
				b.WriteString("–")
			}
			b.WriteString("</td><td>" + html.EscapeString(unit) + "</td><td>")
			if ic.Score != nil {
				b.WriteString(locale.Decimal(*ic.Score, 1, -1))
			} else {
				b.WriteString("–")
			}
			b.WriteString("</td><td>")
			if ic.Rating != nil {
				b.WriteString(html.EscapeString(ratingText(l, *ic.Rating)))
			}
			b.WriteString("</td></tr>\n")
		}
		g.Body = template.HTML(b.String())
		out.Groups = append(out.Groups, g)
	}
	return out
}

var (
	ratingMu    sync.Mutex
	ratingTexts = map[[2]string]string{}
)

// ratingText is the word of a rating in l, looked up once: a page names
// thousands of ratings.
func ratingText(l *locale.Lang, r scoring.Rating) string {
	k := [2]string{l.Code, string(r)}
	ratingMu.Lock()
	defer ratingMu.Unlock()
	t, ok := ratingTexts[k]
	if !ok {
		t = l.T("rating." + string(r))
		ratingTexts[k] = t
	}
	return t
}
