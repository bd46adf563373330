package reports

import (
	"bytes"
	"context"
	"embed"
	"html/template"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
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
//	.../index-<n>.html                  page n (from 2) of one of those three lists
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

// PublicListPage writes the page that lists the published frameworks
// (the server's /public).
func PublicListPage(w io.Writer, l *locale.Lang, fws []indicators.Framework) error {
	return publicTemplates()["public_list"].Execute(w, map[string]any{"L": l, "Frameworks": fws})
}

func publicTemplates() map[string]*template.Template {
	publicOnce.Do(func() {
		base := template.Must(template.New("public_layout.html").Funcs(publicFuncs).ParseFS(publicFS, "templates/public/public_layout.html"))
		publicPages = map[string]*template.Template{}
		for _, n := range []string{"public_choose", "public_zones", "public_perspectives", "public_indicator", "public_scorecard"} {
			publicPages[n] = template.Must(template.Must(base.Clone()).ParseFS(publicFS, "templates/public/"+n+".html"))
		}
		publicPages["public_list"] = template.Must(template.New("public_list.html").Funcs(publicFuncs).ParseFS(publicFS, "templates/public/public_list.html"))
	})
	return publicPages
}

// The size of an indicator page's chart.
const publicChartW, publicChartH = 380, 116

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
	// pos is each indicator's place in the catalogue, onCard its place on
	// the cards (the method's order, the same on every card).
	pos, onCard map[string]int
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
	d := &publicData{Framework: f, Catalogue: cat, Years: years, Zones: zones, Cards: make([][]scoring.Card, len(zones)),
		pos: make(map[string]int, len(cat.Indicators))}
	for i, ind := range cat.Indicators {
		d.pos[ind.Code] = i
	}
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
	d.onCard = map[string]int{}
	if len(d.Cards) > 0 {
		for i, ic := range d.Cards[0][0].Indicators {
			d.onCard[ic.IndicatorCode] = i
		}
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
	if i, ok := d.pos[code]; ok {
		return &d.Catalogue.Indicators[i]
	}
	return nil
}

// yearValue is zone z's value of indicator code measured in year index
// k (not one carried from an earlier year), or nil.
func (d *publicData) yearValue(z, k int, code string) *scoring.IndicatorCard {
	c := &d.Cards[z][k]
	ic := cardRow(c, d.onCard[code], code)
	if ic != nil && ic.Value != nil && ic.Year != nil && *ic.Year == d.Years[k] {
		return ic
	}
	return nil
}

// cardRow is the card's row of indicator code, looked for at i first.
func cardRow(c *scoring.Card, i int, code string) *scoring.IndicatorCard {
	if i < len(c.Indicators) && c.Indicators[i].IndicatorCode == code {
		return &c.Indicators[i]
	}
	for j := range c.Indicators {
		if c.Indicators[j].IndicatorCode == code {
			return &c.Indicators[j]
		}
	}
	return nil
}

// PublicSite is one framework's public site as read at one moment: its
// files are made from it on demand.
type PublicSite struct{ d *publicData }

// LoadPublicSite reads what framework publishes; NotFound when it
// publishes nothing.
func LoadPublicSite(ctx context.Context, st PublicStore, framework string) (*PublicSite, error) {
	d, err := loadPublic(ctx, st, framework)
	if err != nil {
		return nil, err
	}
	return &PublicSite{d: d}, nil
}

// Paths lists every file of the site.
func (p *PublicSite) Paths() []string { return p.d.paths() }

// File is one file of the site: its bytes and content type. rel is its
// path inside the site ("" is index.html); NotFound for anything that is
// not a file of it.
func (p *PublicSite) File(rel string) ([]byte, string, error) { return p.d.file(rel) }

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
	lists := func(folder string) {
		for n := 1; n <= d.pages(); n++ {
			out = append(out, folder+publicPageFile(n))
		}
	}
	for _, l := range publicLangs {
		lists(l + "/")
		lists(l + "/perspectives/")
		for _, ind := range d.Catalogue.Indicators {
			lists(l + "/indicators/" + url.PathEscape(ind.Code) + "/")
		}
		for _, z := range d.Zones {
			for _, y := range d.Years {
				out = append(out, l+"/zones/"+url.PathEscape(z.Code)+"/"+strconv.Itoa(y)+"/index.html")
			}
		}
	}
	return append(out, "style.css", "data.zip")
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
	if len(parts) < 2 {
		return nil, "", publicNotFound(rel)
	}
	// n is the page of a zone list the file names; a page past the last
	// is no file of the site.
	n := publicPageOf(parts[len(parts)-1])
	l := locale.Of(parts[0])
	if l == nil || n == 0 || n > d.pages() {
		return nil, "", publicNotFound(rel)
	}
	mid := parts[1 : len(parts)-1]
	switch {
	case len(mid) == 0:
		return d.page(rel, "public_zones", l, d.zonesView(l, n))
	case len(mid) == 1 && mid[0] == "perspectives":
		return d.page(rel, "public_perspectives", l, d.perspectivesView(l, n))
	case len(mid) == 2 && mid[0] == "indicators":
		if ind := d.indicator(mid[1]); ind != nil {
			return d.page(rel, "public_indicator", l, d.indicatorView(l, ind, n))
		}
	case len(mid) == 3 && mid[0] == "zones" && n == 1:
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
	L         *locale.Lang
	Framework indicators.Framework
	// Root is the relative way from the page to the site's root, "" or
	// "../" repeated; Home that to the page's language's index.
	Root, Home string
	// Other is the same page in the other language.
	Other     string
	OtherLang *locale.Lang
	Data      any
}

func (d *publicData) page(rel, name string, l *locale.Lang, data any) ([]byte, string, error) {
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

// publicFuncs are the public templates' functions.
var publicFuncs = template.FuncMap{"derefInt": func(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}}
