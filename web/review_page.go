package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// The review queue: the submitted values of the reviewer's zones, each
// beside the value it would replace, to approve or reject one by one or
// in bulk.

// reviewPageSize is how many values one page of the queue shows.
const reviewPageSize = 100

// maxReviewIDs caps the values one form decides: a page shows 100.
const maxReviewIDs = 1000

// reviewFilter is what the queue shows: the GET form's fields, kept as
// hidden fields of the review form so that a refusal shows the same list.
type reviewFilter struct {
	Framework   string
	Zone        string
	Perspective string
	Year        int
	YearText    string
	After       int64
}

func readReviewFilter(get func(string) string) (reviewFilter, map[string]string) {
	f := reviewFilter{Framework: get("framework"), Zone: get("zone"), Perspective: get("perspective"), YearText: strings.TrimSpace(get("year"))}
	if f.Framework == "" {
		f.Framework = indicators.IGMC.Code
	}
	errs := map[string]string{}
	if f.YearText != "" {
		y, err := indicators.ParseYear(f.YearText)
		if err != nil {
			errs["year"] = "review.error.year"
		} else {
			f.Year = y
		}
	}
	if n, err := strconv.ParseInt(get("cursor"), 10, 64); err == nil && n > 0 {
		f.After = n
	}
	return f, errs
}

// query is the filter as a query string, without the cursor.
func (f reviewFilter) query() url.Values {
	v := url.Values{"framework": {f.Framework}}
	for k, x := range map[string]string{"zone": f.Zone, "perspective": f.Perspective, "year": f.YearText} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v
}

// reviewData is the page's data.
type reviewData struct {
	Filter       reviewFilter
	Frameworks   []indicators.Framework
	Zones        []indicators.Zone
	Perspectives []indicators.Perspective
	Rows         []reviewRow
	// Waiting counts the submitted values the selection holds in the
	// reviewer's scope.
	Waiting int64
	// Next is the cursor of the next page, 0 when this is the last.
	Next    int64
	Query   template.URL
	Comment string
	// Errors holds message keys by field (id, action, comment, year).
	Errors  map[string]string
	Problem *pageProblem
}

// reviewPage serves GET /review.
func (s *Server) reviewPage(c *gin.Context) {
	f, errs := readReviewFilter(c.Query)
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	s.renderReview(c, status, f, &reviewData{Errors: errs}, nil)
}

// reviewSubmit serves POST /review: approve or reject the ticked values
// (field id, repeated) with an optional comment, required to reject; or,
// from a row's own button (field one = "approve:ID" or "reject:ID"), that
// value alone. All of them or none.
func (s *Server) reviewSubmit(c *gin.Context) {
	f, _ := readReviewFilter(c.PostForm)
	d := &reviewData{Comment: strings.TrimSpace(c.PostForm("comment")), Errors: map[string]string{}}
	action := indicators.ReviewAction(c.PostForm("action"))
	idTexts := c.PostFormArray("id")
	if one := c.PostForm("one"); one != "" {
		a, id, _ := strings.Cut(one, ":")
		action, idTexts = indicators.ReviewAction(a), []string{id}
	}
	var ids []int64
	for _, v := range idTexts {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			d.Errors["id"] = "review.error.bad_id"
			continue
		}
		ids = append(ids, id)
	}
	switch {
	case action != indicators.ActionApprove && action != indicators.ActionReject:
		d.Errors["action"] = "review.error.action"
	case action == indicators.ActionReject && d.Comment == "":
		d.Errors["comment"] = "review.error.comment_required"
	}
	switch {
	case len(ids) == 0 && d.Errors["id"] == "":
		d.Errors["id"] = "review.error.none"
	case len(ids) > maxReviewIDs:
		d.Errors["id"] = "review.error.bad_id"
	}
	if len([]rune(d.Comment)) > indicators.MaxCommentLen {
		d.Errors["comment"] = "review.error.comment_long"
	}
	checked := map[int64]bool{}
	for _, id := range ids {
		checked[id] = true
	}
	if len(d.Errors) > 0 {
		s.renderReview(c, http.StatusUnprocessableEntity, f, d, checked)
		return
	}
	done, err := s.svc.Review(c.Request.Context(), ids, action, d.Comment, principalOf(c))
	if err != nil {
		if !shownInPlace(err) {
			s.fail(c, err)
			return
		}
		d.Problem = problemOf(langOf(c), err)
		s.renderReview(c, statusOf[indicators.CodeOf(err)], f, d, checked)
		return
	}
	s.setPageFlash(c, langOf(c).T("review.flash."+string(action), "Count", len(done)))
	target := f.query()
	if f.After > 0 {
		target.Set("cursor", strconv.FormatInt(f.After, 10))
	}
	c.Redirect(http.StatusSeeOther, "/review?"+target.Encode())
}

// renderReview loads the queue for f and renders it with d's form state;
// checked are the values to show ticked.
func (s *Server) renderReview(c *gin.Context, status int, f reviewFilter, d *reviewData, checked map[int64]bool) {
	ctx := c.Request.Context()
	p := principalOf(c)
	if f.Zone != "" {
		if err := scope(c, f.Zone); err != nil {
			s.fail(c, err)
			return
		}
	}
	fws, err := s.svc.ListFrameworks(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	cat, err := s.svc.Catalogue(ctx, f.Framework)
	if err != nil {
		s.fail(c, err)
		return
	}
	zones, err := s.svc.ListZones(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Filter, d.Frameworks, d.Perspectives = f, fws, cat.Perspectives
	d.Zones = visible(p, zones, func(z *indicators.Zone) string { return z.Code })
	d.Query = template.URL(f.query().Encode())
	inds := make(map[string]*indicators.Indicator, len(cat.Indicators))
	for i := range cat.Indicators {
		inds[cat.Indicators[i].Code] = &cat.Indicators[i]
	}
	if f.Perspective != "" && !hasPerspective(cat, f.Perspective) {
		d.Errors["perspective"] = "review.error.perspective"
		if status == http.StatusOK {
			status = http.StatusUnprocessableEntity
		}
	}
	items, err := s.reviewQueue(ctx, p, f, d)
	if err != nil {
		s.fail(c, err)
		return
	}
	prev, err := s.lastYearApproved(ctx, f.Framework, items)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, m := range items {
		lp := previousPeriod(m.Period)
		d.Rows = append(d.Rows, newReviewRow(m, inds[m.IndicatorCode], lp, prev[m.ZoneCode+"\x00"+m.IndicatorCode+"\x00"+lp], checked[m.ID]))
	}
	s.renderView(c, status, "review", &View{Nav: "review", Data: d, Flash: s.takePageFlash(c)})
}

// ZoneName is the name of zone code in the page's language.
func (d *reviewData) ZoneName(l *Lang, code string) string {
	for _, z := range d.Zones {
		if z.Code == code {
			return l.Name(z.NameEn, z.NameZh)
		}
	}
	return ""
}

func hasPerspective(cat *indicators.Catalogue, code string) bool {
	for _, p := range cat.Perspectives {
		if p.Code == code {
			return true
		}
	}
	return false
}

var _ = registerFuncs(template.FuncMap{
	// reviewSigned writes a change with its sign: +10, -2.5, 0.
	"reviewSigned": func(l *Lang, x float64, digits int) string { return l.Signed(&x, digits) },
})
