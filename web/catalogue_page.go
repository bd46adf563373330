package web

import (
	"net/http"
	"net/url"

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
}

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
func (s *Server) cataloguePage(c *gin.Context) {
	fw := pageFramework(c)
	f, fws, cat, ok := s.frameworkPage(c, fw)
	if !ok {
		return
	}
	d := buildCataloguePage(f, cat)
	d.Frameworks = fws
	s.render(c, http.StatusOK, "catalogue", "catalogue", d)
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
