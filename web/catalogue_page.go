package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// cataloguePageData is what templates/pages/catalogue.html shows.
type cataloguePageData struct {
	Framework indicators.Framework
	// Frameworks feeds the framework selector; empty when there is one.
	Frameworks   []indicators.Framework
	Perspectives []cataloguePerspective
	Count        int
	Points       float64
	CSV          string
	// Search is the search and order asked for; with either, Found lists
	// the matching indicators in one table in that order, with Heads the
	// links of its sortable columns.
	Search tableSort
	Flat   bool
	Found  []catalogueFound
	Heads  map[string]sortHead
	// ByPerspective is the link back to the page grouped by perspective.
	ByPerspective string
	SortKeys      []string
}

// catalogueFound is a line of the search results: an indicator and its
// perspective.
type catalogueFound struct {
	Ind         catalogueIndicator
	Perspective *cataloguePerspective
	// porder is its perspective's place in the catalogue.
	porder int
}

// catalogueSortKeys are the columns the catalogue can be sorted by.
var catalogueSortKeys = []string{"code", "name", "perspective", "unit", "points"}

type cataloguePerspective struct {
	indicators.Perspective
	// ShowWeight is set when the weight is not the default 1.
	ShowWeight bool
	Count      int
	Points     float64
	Categories []catalogueCategory
}

// catalogueCategory is a category and its indicators; indicators without a
// category make a group with an empty code.
type catalogueCategory struct {
	Code, NameEn, NameZh string
	Indicators           []catalogueIndicator
}

// catalogueIndicator is an indicator with its bounds resolved by the
// method's defaults; the Default flags mark the figures the method derived.
type catalogueIndicator struct {
	*indicators.Indicator
	Bounds                                              indicators.Bounds
	BoundsOK                                            bool
	BestDefault, WorstDefault, GreenDefault, RedDefault bool
	// Frequency and Aggregation are message keys; Aggregation is empty
	// for an annual indicator, which has nothing to aggregate.
	Frequency, Aggregation string
	ShowWeight             bool
}

// cataloguePage serves GET /catalogue?framework=: a framework's
// perspectives, categories and indicators with everything the method uses
// of them.
//
// With q= (a code, a name in either language or a perspective) or sort=
// (code, name, perspective, unit or points; dir=asc or desc) the
// indicators that match are listed in one table in that order.
func (s *Server) cataloguePage(c *gin.Context) {
	fw := pageFramework(c)
	ts, err := tableSortOf(c.Request.URL.Query(), catalogueSortKeys)
	if err != nil {
		s.fail(c, err)
		return
	}
	f, fws, cat, ok := s.frameworkPage(c, fw)
	if !ok {
		return
	}
	d := buildCataloguePage(f, cat)
	d.Frameworks = fws
	d.Search, d.SortKeys = ts, catalogueSortKeys
	base := url.Values{"framework": {f.Code}}
	d.Heads = ts.heads("/catalogue", base, catalogueSortKeys)
	d.ByPerspective = "/catalogue?" + base.Encode()
	if ts.Q != "" || ts.Key != "" {
		d.Flat = true
		d.Found = catalogueSearch(langOf(c), d, ts)
	}
	s.render(c, http.StatusOK, "catalogue", "catalogue", d)
}

// catalogueSearch lists the page's indicators that match ts.Q in ts's
// order (the catalogue's when none): codes and units as text, names in
// the reader's language as its readers sort them, points by size.
func catalogueSearch(l *Lang, d *cataloguePageData, ts tableSort) []catalogueFound {
	out := []catalogueFound{}
	for pi := range d.Perspectives {
		p := &d.Perspectives[pi]
		for _, cg := range p.Categories {
			for _, ind := range cg.Indicators {
				if ts.matches(ind.Code, ind.NameEn, ind.NameZh, p.Code, p.NameEn, p.NameZh) {
					out = append(out, catalogueFound{Ind: ind, Perspective: p, porder: pi})
				}
			}
		}
	}
	col := collatorFor(l)
	cmp := map[string]func(a, b *catalogueFound) int{
		"code": func(a, b *catalogueFound) int { return strings.Compare(a.Ind.Code, b.Ind.Code) },
		"name": func(a, b *catalogueFound) int {
			return col.CompareString(l.Name(a.Ind.NameEn, a.Ind.NameZh), l.Name(b.Ind.NameEn, b.Ind.NameZh))
		},
		// The catalogue's order is by perspective.
		"perspective": func(a, b *catalogueFound) int { return a.porder - b.porder },
		"unit": func(a, b *catalogueFound) int {
			return col.CompareString(l.Text(a.Ind.Unit, a.Ind.UnitZh), l.Text(b.Ind.Unit, b.Ind.UnitZh))
		},
		"points": func(a, b *catalogueFound) int { return cmpFloat(a.Ind.Points, b.Ind.Points) },
	}[ts.Key]
	if cmp != nil {
		slices.SortStableFunc(out, func(a, b catalogueFound) int {
			if ts.Desc {
				return cmp(&b, &a)
			}
			return cmp(&a, &b)
		})
	}
	return out
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func buildCataloguePage(f indicators.Framework, cat *indicators.Catalogue) *cataloguePageData {
	d := &cataloguePageData{Framework: f, CSV: "/api/v1/frameworks/" + url.PathEscape(f.Code) + "/catalogue.csv"}
	persp := map[string]int{}
	for i, p := range cat.Perspectives {
		persp[p.Code] = i
		cp := cataloguePerspective{Perspective: p, ShowWeight: p.Weight > 0 && p.Weight != 1}
		for _, cg := range p.Categories {
			cp.Categories = append(cp.Categories, catalogueCategory{Code: cg.Code, NameEn: cg.NameEn, NameZh: cg.NameZh})
		}
		d.Perspectives = append(d.Perspectives, cp)
	}
	for i := range cat.Indicators {
		ind := &cat.Indicators[i]
		pi, ok := persp[ind.PerspectiveCode]
		if !ok {
			continue
		}
		ci := catalogueIndicator{Indicator: ind, BestDefault: ind.Best == nil, WorstDefault: ind.Worst == nil,
			GreenDefault: ind.Green == nil, RedDefault: ind.Red == nil, ShowWeight: ind.Weight > 0 && ind.Weight != 1,
			Frequency: "catalogue.freq.annual"}
		if ind.Frequency == indicators.Quarterly || ind.Frequency == indicators.Monthly {
			ci.Frequency = "catalogue.freq." + string(ind.Frequency)
			if ind.Aggregation != "" {
				ci.Aggregation = "catalogue.agg." + string(ind.Aggregation)
			}
		}
		if b, err := ind.Bounds(); err == nil {
			ci.Bounds, ci.BoundsOK = b, true
		}
		p := &d.Perspectives[pi]
		k := -1
		for j := range p.Categories {
			if p.Categories[j].Code == ind.CategoryCode {
				k = j
				break
			}
		}
		if k < 0 {
			p.Categories = append(p.Categories, catalogueCategory{Code: ind.CategoryCode, NameEn: ind.CategoryCode})
			k = len(p.Categories) - 1
		}
		p.Categories[k].Indicators = append(p.Categories[k].Indicators, ci)
		p.Count++
		p.Points += ind.Points
		d.Count++
		d.Points += ind.Points
	}
	// Categories without indicators say nothing on this page.
	for i := range d.Perspectives {
		cs := d.Perspectives[i].Categories[:0]
		for _, cg := range d.Perspectives[i].Categories {
			if len(cg.Indicators) > 0 {
				cs = append(cs, cg)
			}
		}
		d.Perspectives[i].Categories = cs
	}
	return d
}
