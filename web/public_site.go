package web

import (
	"archive/zip"
	"bytes"
	"context"
	"embed"
	"encoding/csv"
	"html/template"
	"math"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"igmc/indicators"
	"igmc/locale"
	"igmc/scoring"
)

// The public site (SPEC §10, docs/open-data.md) is a tree of files per
// published framework: the same bytes are served under /public/<fw>/ and
// written by `igmc publish` into a folder. Every link in it is relative
// and names a file (index.html per folder), so the tree works from any web
// server, a CDN or the disk. The language is part of the path (zh/, en/),
// so the switch is a plain link. Only the years PublishedYears names are
// read, on the official basis: approved values only, and no user, evidence
// or audit data.
//
//	index.html                          the language choice
//	style.css                           the site's style sheet
//	data.zip                            every published figure as CSV, with the catalogue
//	<lang>/index.html                   zones × years: index, points, grade
//	<lang>/perspectives/index.html      the perspectives, their indicators and scores
//	<lang>/indicators/<code>/index.html one indicator, every zone over the years
//	<lang>/zones/<zone>/<year>/index.html a zone's scorecard of a year

// PublicStore is what the public site reads.
type PublicStore interface {
	Framework(ctx context.Context, code string) (indicators.Framework, error)
	Catalogue(ctx context.Context, framework string) (*indicators.Catalogue, error)
	ListZones(ctx context.Context) ([]indicators.Zone, error)
	ScorecardSeries(ctx context.Context, framework, zone string, first, last int, basis scoring.Basis) ([]scoring.Card, error)
	PublishedYears(ctx context.Context, framework string) ([]int, error)
}

//go:embed templates/public/*.html
var publicFS embed.FS

var (
	publicOnce  sync.Once
	publicPages map[string]*template.Template
)

func publicTemplates() map[string]*template.Template {
	publicOnce.Do(func() {
		base := template.Must(template.New("public_layout.html").Funcs(funcMap).ParseFS(publicFS, "templates/public/public_layout.html"))
		publicPages = map[string]*template.Template{}
		for _, n := range []string{"public_choose", "public_zones", "public_perspectives", "public_indicator", "public_scorecard"} {
			publicPages[n] = template.Must(template.Must(base.Clone()).ParseFS(publicFS, "templates/public/"+n+".html"))
		}
		publicPages["public_list"] = template.Must(template.New("public_list.html").Funcs(funcMap).ParseFS(publicFS, "templates/public/public_list.html"))
	})
	return publicPages
}

// publicLangs are the site's languages, Chinese first.
var publicLangs = []string{"zh", "en"}

// publicData is one framework's published figures: the zones, the years
// and each zone's official card of each year.
type publicData struct {
	Framework indicators.Framework
	Catalogue *indicators.Catalogue
	Years     []int
	Zones     []indicators.Zone
	// Cards[z][y] is zone z's card of Years[y].
	Cards [][]scoring.Card
}

// loadPublic reads what framework publishes; NotFound when it publishes
// nothing.
func loadPublic(ctx context.Context, st PublicStore, framework string) (*publicData, error) {
	years, err := st.PublishedYears(ctx, framework)
	if err != nil {
		return nil, err
	}
	if len(years) == 0 {
		return nil, indicators.Errorf(indicators.NotFound, "framework %q is not published", framework)
	}
	f, err := st.Framework(ctx, framework)
	if err != nil {
		return nil, err
	}
	cat, err := st.Catalogue(ctx, framework)
	if err != nil {
		return nil, err
	}
	zones, err := st.ListZones(ctx)
	if err != nil {
		return nil, err
	}
	d := &publicData{Framework: f, Catalogue: cat, Years: years, Zones: zones, Cards: make([][]scoring.Card, len(zones))}
	first, last := years[0], years[len(years)-1]
	for i, z := range zones {
		series, err := st.ScorecardSeries(ctx, framework, z.Code, first, last, scoring.BasisOfficial)
		if err != nil {
			return nil, err
		}
		cards := make([]scoring.Card, len(years))
		for k, y := range years {
			cards[k] = series[y-first]
		}
		d.Cards[i] = cards
	}
	return d, nil
}

func (d *publicData) yearIndex(y int) int {
	for i, v := range d.Years {
		if v == y {
			return i
		}
	}
	return -1
}

func (d *publicData) indicator(code string) *indicators.Indicator {
	for i := range d.Catalogue.Indicators {
		if d.Catalogue.Indicators[i].Code == code {
			return &d.Catalogue.Indicators[i]
		}
	}
	return nil
}

// yearValue is zone z's value of indicator code measured in year index
// k (not one carried from an earlier year), or nil.
func (d *publicData) yearValue(z, k int, code string) *scoring.IndicatorCard {
	c := &d.Cards[z][k]
	for i := range c.Indicators {
		ic := &c.Indicators[i]
		if ic.IndicatorCode == code {
			if ic.Value != nil && ic.Year != nil && *ic.Year == d.Years[k] {
				return ic
			}
			return nil
		}
	}
	return nil
}

// PublicPaths lists every file of the framework's site, pages first.
func PublicPaths(ctx context.Context, st PublicStore, framework string) ([]string, error) {
	d, err := loadPublic(ctx, st, framework)
	if err != nil {
		return nil, err
	}
	return d.paths(), nil
}

func (d *publicData) paths() []string {
	out := []string{"index.html"}
	for _, l := range publicLangs {
		out = append(out, l+"/index.html", l+"/perspectives/index.html")
		for _, ind := range d.Catalogue.Indicators {
			out = append(out, l+"/indicators/"+url.PathEscape(ind.Code)+"/index.html")
		}
		for _, z := range d.Zones {
			for _, y := range d.Years {
				out = append(out, l+"/zones/"+url.PathEscape(z.Code)+"/"+strconv.Itoa(y)+"/index.html")
			}
		}
	}
	return append(out, "style.css", "data.zip")
}

// PublicFile is one file of the framework's site: its bytes and content
// type. rel is its path inside the site ("" is index.html); NotFound for
// anything that is not a file of it.
func PublicFile(ctx context.Context, st PublicStore, framework, rel string) ([]byte, string, error) {
	d, err := loadPublic(ctx, st, framework)
	if err != nil {
		return nil, "", err
	}
	return d.file(rel)
}

func publicNotFound(rel string) error {
	return indicators.Errorf(indicators.NotFound, "no such page: %s", rel)
}

func (d *publicData) file(rel string) ([]byte, string, error) {
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	switch rel {
	case "index.html":
		return d.page(rel, "public_choose", locale.Of("zh"), nil)
	case "style.css":
		css, err := publicFS.ReadFile("templates/public/style.css.html")
		return css, "text/css; charset=utf-8", err
	case "data.zip":
		b, err := d.zip()
		return b, "application/zip", err
	}
	parts := strings.Split(rel, "/")
	if len(parts) < 2 || parts[len(parts)-1] != "index.html" {
		return nil, "", publicNotFound(rel)
	}
	l := locale.Of(parts[0])
	if l == nil {
		return nil, "", publicNotFound(rel)
	}
	mid := parts[1 : len(parts)-1]
	switch {
	case len(mid) == 0:
		return d.page(rel, "public_zones", l, d.zonesView(l))
	case len(mid) == 1 && mid[0] == "perspectives":
		return d.page(rel, "public_perspectives", l, d.perspectivesView(l))
	case len(mid) == 2 && mid[0] == "indicators":
		if ind := d.indicator(mid[1]); ind != nil {
			return d.page(rel, "public_indicator", l, d.indicatorView(l, ind))
		}
	case len(mid) == 3 && mid[0] == "zones":
		y, err := strconv.Atoi(mid[2])
		k := d.yearIndex(y)
		if err != nil || k < 0 {
			break
		}
		for i := range d.Zones {
			if d.Zones[i].Code == mid[1] {
				return d.page(rel, "public_scorecard", l, d.scorecardView(l, i, k))
			}
		}
	}
	return nil, "", publicNotFound(rel)
}

// publicView is what every public page template gets.
type publicView struct {
	L         *Lang
	Framework indicators.Framework
	// Root is the relative way from the page to the site's root, "" or
	// "../" repeated; Home that to the page's language's index.
	Root, Home string
	// Other is the same page in the other language.
	Other     string
	OtherLang *Lang
	Data      any
}

func (d *publicData) page(rel, name string, l *Lang, data any) ([]byte, string, error) {
	root := strings.Repeat("../", strings.Count(rel, "/"))
	v := &publicView{L: l, Framework: d.Framework, Root: root, Home: root + l.Code + "/index.html", Data: data}
	if i := strings.Index(rel, "/"); i > 0 {
		other := "en"
		if l.Code == "en" {
			other = "zh"
		}
		v.OtherLang = locale.Of(other)
		v.Other = root + other + rel[i:]
	}
	var b bytes.Buffer
	if err := publicTemplates()[name].Execute(&b, v); err != nil {
		return nil, "", err
	}
	return b.Bytes(), "text/html; charset=utf-8", nil
}

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
	Years      []int
	Zones      []publicZoneRow
	Indicators []publicIndicatorLink
}

type publicIndicatorLink struct {
	Code, Name, Link string
}

func publicGrade(l *Lang, g *string) string {
	if g == nil {
		return l.T("scorecard.grade.none")
	}
	return *g
}

func (d *publicData) zonesView(l *Lang) *publicZonesData {
	out := &publicZonesData{Years: d.Years}
	for i, z := range d.Zones {
		row := publicZoneRow{Zone: z}
		for k, y := range d.Years {
			c := &d.Cards[i][k]
			row.Cells = append(row.Cells, publicSummary{Year: y, Link: "zones/" + url.PathEscape(z.Code) + "/" + strconv.Itoa(y) + "/index.html",
				Index: c.Index.Score, Points: c.Points.Earned, Max: c.Points.Max, Grade: publicGrade(l, c.Points.Grade)})
		}
		out.Zones = append(out.Zones, row)
	}
	for _, ind := range d.Catalogue.Indicators {
		out.Indicators = append(out.Indicators, publicIndicatorLink{Code: ind.Code, Name: l.Name(ind.NameEn, ind.NameZh),
			Link: "indicators/" + url.PathEscape(ind.Code) + "/index.html"})
	}
	return out
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
	Year         int
	Perspectives []publicPerspective
	Zones        []publicPerspectiveRow
}

func (d *publicData) perspectivesView(l *Lang) *publicPerspectivesData {
	k := len(d.Years) - 1
	out := &publicPerspectivesData{Year: d.Years[k]}
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
	for i, z := range d.Zones {
		row := publicPerspectiveRow{Zone: z, Link: "../zones/" + url.PathEscape(z.Code) + "/" + strconv.Itoa(d.Years[k]) + "/index.html"}
		byCode := map[string]*scoring.PerspectiveCard{}
		for j := range d.Cards[i][k].Perspectives {
			byCode[d.Cards[i][k].Perspectives[j].Code] = &d.Cards[i][k].Perspectives[j]
		}
		for _, p := range d.Catalogue.Perspectives {
			var s publicScore
			if pc := byCode[p.Code]; pc != nil {
				s = publicScore{Score: pc.Score, Rating: l.T("rating." + string(pc.Rating))}
			}
			row.Scores = append(row.Scores, s)
		}
		out.Zones = append(out.Zones, row)
	}
	return out
}

type publicIndicatorRow struct {
	Zone   indicators.Zone
	Values []publicValue
}

type publicValue struct {
	Link   string
	Value  *float64
	Rating string
}

type publicIndicatorData struct {
	Indicator                *indicators.Indicator
	Name, Unit, Source, Defn string
	Perspective              string
	Bounds                   *indicators.Bounds
	Years                    []int
	Medians                  []publicMedian
	Chart                    template.HTML
	Rows                     []publicIndicatorRow
}

type publicMedian struct {
	Year  int
	Value *float64
	N     int
}

func (d *publicData) indicatorView(l *Lang, ind *indicators.Indicator) *publicIndicatorData {
	out := &publicIndicatorData{Indicator: ind, Name: l.Name(ind.NameEn, ind.NameZh), Unit: l.Text(ind.Unit, ind.UnitZh),
		Source: l.Text(ind.Source, ind.SourceZh), Defn: l.Text(ind.Definition, ind.DefinitionZh), Years: d.Years}
	for _, p := range d.Catalogue.Perspectives {
		if p.Code == ind.PerspectiveCode {
			out.Perspective = l.Name(p.NameEn, p.NameZh)
		}
	}
	if b, err := ind.Bounds(); err == nil {
		out.Bounds = &b
	}
	per := make([][]float64, len(d.Years))
	for i, z := range d.Zones {
		row := publicIndicatorRow{Zone: z}
		for k, y := range d.Years {
			v := publicValue{Link: "../../zones/" + url.PathEscape(z.Code) + "/" + strconv.Itoa(y) + "/index.html"}
			if ic := d.yearValue(i, k, ind.Code); ic != nil {
				v.Value = ic.Value
				per[k] = append(per[k], *ic.Value)
				if ic.Rating != nil {
					v.Rating = l.T("rating." + string(*ic.Rating))
				}
			}
			row.Values = append(row.Values, v)
		}
		out.Rows = append(out.Rows, row)
	}
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
	ch := svgChart{Width: scIndChartW * 2, Height: scIndChartH * 2, Years: d.Years, Values: vals, Digits: 2, Class: "chart-indicator"}
	if ind.TargetValue != nil {
		ch.Refs = append(ch.Refs, svgRef{Value: *ind.TargetValue, Stroke: svgBlue, Dash: "6 3"})
	}
	if out.Bounds != nil {
		ch.Refs = append(ch.Refs, svgRef{Value: out.Bounds.Green, Stroke: svgGreen, Dash: "2 2"}, svgRef{Value: out.Bounds.Red, Stroke: svgRed, Dash: "2 2"})
	}
	words := scSeriesWords(d.Years, vals, 2, scPairFormat(l), l.T("scorecard.chart.sep_list"), l.T("scorecard.chart.no_value"))
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
	Rows        []publicCardRow
}

type publicCardRow struct {
	Code, Name, Unit, Link, Rating string
	Value, Score                   *float64
	ValueYear                      *int
	Applicable                     bool
}

func (d *publicData) scorecardView(l *Lang, z, k int) *publicScorecardData {
	c := &d.Cards[z][k]
	out := &publicScorecardData{Zone: d.Zones[z], Year: d.Years[k], Card: c, Grade: publicGrade(l, c.Points.Grade)}
	for _, y := range d.Years {
		out.Years = append(out.Years, publicSummary{Year: y, Link: "../" + strconv.Itoa(y) + "/index.html"})
	}
	for pi := range c.Perspectives {
		p := &c.Perspectives[pi]
		g := publicCardGroup{Perspective: p, Name: l.Name(p.NameEn, p.NameZh), Rating: l.T("rating." + string(p.Rating))}
		for ii := range c.Indicators {
			ic := &c.Indicators[ii]
			if ic.PerspectiveCode != p.Code {
				continue
			}
			r := publicCardRow{Code: ic.IndicatorCode, Name: ic.IndicatorCode, Unit: ic.Unit, Value: ic.Value, Score: ic.Score,
				ValueYear: ic.Year, Applicable: ic.Applicable, Link: "../../../indicators/" + url.PathEscape(ic.IndicatorCode) + "/index.html"}
			if ind := d.indicator(ic.IndicatorCode); ind != nil {
				r.Name, r.Unit = l.Name(ind.NameEn, ind.NameZh), l.Text(ind.Unit, ind.UnitZh)
			}
			if ic.Rating != nil {
				r.Rating = l.T("rating." + string(*ic.Rating))
			}
			g.Rows = append(g.Rows, r)
		}
		out.Groups = append(out.Groups, g)
	}
	return out
}

// zip is data.zip: the catalogue and every published figure as CSV.
func (d *publicData) zip() ([]byte, error) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	add := func(name string, fn func(w *csv.Writer) error) error {
		f, err := zw.Create(name)
		if err != nil {
			return err
		}
		w := csv.NewWriter(f)
		if err := fn(w); err != nil {
			return err
		}
		w.Flush()
		return w.Error()
	}
	num := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	f, err := zw.Create("catalogue.csv")
	if err != nil {
		return nil, err
	}
	if err := indicators.WriteCatalogue(f, d.Catalogue); err != nil {
		return nil, err
	}
	err = add("scorecards.csv", func(w *csv.Writer) error {
		_ = w.Write([]string{"zone_code", "year", "index", "points", "points_max", "grade", "coverage", "method_version"})
		for i, z := range d.Zones {
			for k, y := range d.Years {
				c := &d.Cards[i][k]
				g := ""
				if c.Points.Grade != nil {
					g = *c.Points.Grade
				}
				if err := w.Write([]string{z.Code, strconv.Itoa(y), num(c.Index.Score), num(&c.Points.Earned), num(&c.Points.Max), g,
					num(&c.Coverage), c.MethodVersion}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = add("perspectives.csv", func(w *csv.Writer) error {
		_ = w.Write([]string{"zone_code", "year", "perspective_code", "score", "rating", "points", "points_max"})
		for i, z := range d.Zones {
			for k, y := range d.Years {
				for _, p := range d.Cards[i][k].Perspectives {
					if err := w.Write([]string{z.Code, strconv.Itoa(y), p.Code, num(p.Score), string(p.Rating), num(&p.Points), num(&p.PointsMax)}); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = add("values.csv", func(w *csv.Writer) error {
		_ = w.Write([]string{"zone_code", "indicator_code", "year", "value", "unit", "quality", "score", "rating"})
		for i, z := range d.Zones {
			for k, y := range d.Years {
				for _, ind := range d.Catalogue.Indicators {
					ic := d.yearValue(i, k, ind.Code)
					if ic == nil {
						continue
					}
					q, r := "", ""
					if ic.Quality != nil {
						q = string(*ic.Quality)
					}
					if ic.Rating != nil {
						r = string(*ic.Rating)
					}
					if err := w.Write([]string{z.Code, ind.Code, strconv.Itoa(y), num(ic.Value), ind.Unit, q, num(ic.Score), r}); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// PublishSite writes the framework's public site into dir, which it
// creates; it returns the number of files written.
func PublishSite(ctx context.Context, st PublicStore, framework, dir string) (int, error) {
	d, err := loadPublic(ctx, st, framework)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, rel := range d.paths() {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		b, _, err := d.file(rel)
		if err != nil {
			return n, err
		}
		name := filepath.Join(dir, filepath.FromSlash(path.Clean(rel)))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return n, err
		}
		if err := os.WriteFile(name, b, 0o644); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

var _ = registerFuncs(template.FuncMap{"derefInt": func(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}})
