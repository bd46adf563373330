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
	// Ranking gives the zone lists each zone's summary of a year.
	Ranking(ctx context.Context, framework string, year int, basis scoring.Basis) ([]scoring.RankRow, error)
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

// PublicSite is one framework's public site as read at one moment: its
// files are made from it on demand, each reading what it needs of the
// figures once. It may be used by many goroutines at once.
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
func (p *PublicSite) File(ctx context.Context, rel string) ([]byte, string, error) {
	return p.d.file(ctx, rel)
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

func (d *publicData) file(ctx context.Context, rel string) ([]byte, string, error) {
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
		all, err := d.allCards(ctx)
		if err != nil {
			return nil, "", err
		}
		b, err := d.zip(all)
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
		v, err := d.zonesView(ctx, l, n)
		if err != nil {
			return nil, "", err
		}
		return d.page(rel, "public_zones", l, v)
	case len(mid) == 1 && mid[0] == "perspectives":
		last, err := d.summaries(ctx, len(d.Years)-1)
		if err != nil {
			return nil, "", err
		}
		return d.page(rel, "public_perspectives", l, d.perspectivesView(l, n, last))
	case len(mid) == 2 && mid[0] == "indicators":
		if ind := d.indicator(mid[1]); ind != nil {
			all, err := d.allCards(ctx)
			if err != nil {
				return nil, "", err
			}
			return d.page(rel, "public_indicator", l, d.indicatorView(l, ind, n, all))
		}
	case len(mid) == 3 && mid[0] == "zones" && n == 1:
		y, err := strconv.Atoi(mid[2])
		k := d.yearIndex(y)
		if err != nil || k < 0 {
			break
		}
		for i := range d.Zones {
			if d.Zones[i].Code == mid[1] {
				cards, err := d.zoneCards(ctx, i)
				if err != nil {
					return nil, "", err
				}
				return d.page(rel, "public_scorecard", l, d.scorecardView(l, i, k, cards))
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
		b, _, err := d.file(ctx, rel)
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
