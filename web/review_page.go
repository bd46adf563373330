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
// beside the value it would replace, to approve or reject one by one with
// the row's own comment, the ticked ones together, or the whole selection
// (review_all.go).

// reviewPageSize is how many values one page of the queue shows.
const reviewPageSize = 100

// maxReviewIDs caps the values one form decides: a page shows 100.
const maxReviewIDs = 1000

// maxReviewPage bounds the page number a link may ask for.
const maxReviewPage = 100000

// reviewFilter is what the queue shows: the GET form's fields, kept as
// hidden fields of the review forms so that a refusal shows the same list
// and a decision returns to the same place in it.
type reviewFilter struct {
	Framework   string
	Zone        string
	Perspective string
	Year        int
	YearText    string
	Order       indicators.ReviewOrder
	// Page is the page shown, from 1.
	Page int
}

func readReviewFilter(get func(string) string) (reviewFilter, map[string]string) {
	f := reviewFilter{Framework: get("framework"), Zone: get("zone"), Perspective: get("perspective"), YearText: strings.TrimSpace(get("year")), Page: 1}
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
	o, err := indicators.ParseReviewOrder(get("sort"))
	if err != nil {
		errs["sort"] = "review.error.sort"
		o = indicators.OrderSubmitted
	}
	f.Order = o
	if v := strings.TrimSpace(get("page")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxReviewPage {
			errs["page"] = "review.error.page"
		} else {
			f.Page = n
		}
	}
	return f, errs
}

// query is the filter and order as a query string, without the page.
func (f reviewFilter) query() url.Values {
	v := url.Values{"framework": {f.Framework}}
	for k, x := range map[string]string{"zone": f.Zone, "perspective": f.Perspective, "year": f.YearText} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if f.Order != indicators.OrderSubmitted {
		v.Set("sort", string(f.Order))
	}
	return v
}

// at is the queue's address at page n.
func (f reviewFilter) at(n int) string {
	v := f.query()
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	return "/review?" + v.Encode()
}

// measurements is the store's filter of the queue in p's scope.
func (f reviewFilter) measurements(p *indicators.Principal) indicators.MeasurementFilter {
	return indicators.MeasurementFilter{Framework: f.Framework, Zone: f.Zone, Perspective: f.Perspective, Year: f.Year, Status: indicators.Submitted, Zones: p.ScopeCodes()}
}

// reviewData is the page's data.
type reviewData struct {
	Filter     reviewFilter
	Frameworks []indicators.Framework
	Zones      []indicators.Zone
	// ZonePick is the zone filter's field.
	ZonePick     zonePicker
	Perspectives []indicators.Perspective
	Orders       []indicators.ReviewOrder
	Rows         []reviewRow
	// Waiting counts the submitted values the selection holds in the
	// reviewer's scope; First and Last number the rows shown (from 1).
	Waiting     int64
	First, Last int
	Prev, Next  template.URL
	Query       template.URL
	Comment     string
	// AllComment is the comment typed for the whole selection.
	AllComment string
	// Errors holds message keys by field (id, action, comment, year,
	// sort, page; all_action and all_comment for the whole selection).
	Errors  map[string]string
	Problem *pageProblem
	// Confirm, when set, makes the page the confirmation of a decision on
	// the whole selection instead of the queue.
	Confirm *reviewConfirm
	MaxAll  int
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

// reviewForm is a decision as the queue's form posts it: the ticked
// values (field id, repeated) with the common comment, or one row's own
// button (field one = "approve:ID" or "reject:ID") with that row's comment
// (field note-ID).
type reviewForm struct {
	action  indicators.ReviewAction
	ids     []int64
	comment string
	// row is the value of the row's button, 0 for the ticked values.
	row   int64
	notes map[int64]string
}

func readReviewForm(c *gin.Context, d *reviewData) reviewForm {
	form := reviewForm{action: indicators.ReviewAction(c.PostForm("action")), comment: strings.TrimSpace(c.PostForm("comment")), notes: map[int64]string{}}
	idTexts := c.PostFormArray("id")
	if one := c.PostForm("one"); one != "" {
		a, id, _ := strings.Cut(one, ":")
		form.action, idTexts = indicators.ReviewAction(a), []string{id}
	}
	for _, v := range idTexts {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			d.Errors["id"] = "review.error.bad_id"
			continue
		}
		form.ids = append(form.ids, id)
	}
	for k, v := range c.Request.PostForm {
		if id, err := strconv.ParseInt(strings.TrimPrefix(k, "note-"), 10, 64); err == nil && strings.HasPrefix(k, "note-") && len(v) > 0 && len(form.notes) < reviewPageSize {
			form.notes[id] = strings.TrimSpace(v[0])
		}
	}
	if c.PostForm("one") != "" && len(form.ids) == 1 {
		form.row = form.ids[0]
		form.comment = form.notes[form.row]
	}
	return form
}

// reviewSubmit serves POST /review: approve or reject the ticked values
// with the common comment, or one row's value with the row's comment; a
// comment is required to reject. All of them or none; a success returns
// to the same page of the same queue.
func (s *Server) reviewSubmit(c *gin.Context) {
	f, _ := readReviewFilter(c.PostForm)
	d := &reviewData{Errors: map[string]string{}}
	form := readReviewForm(c, d)
	d.Comment = strings.TrimSpace(c.PostForm("comment"))
	problem := func(key string) {
		if form.row != 0 && key != "review.error.action" {
			d.Errors["row"] = key
		} else {
			d.Errors[map[bool]string{true: "action", false: "comment"}[key == "review.error.action"]] = key
		}
	}
	switch {
	case form.action != indicators.ActionApprove && form.action != indicators.ActionReject:
		problem("review.error.action")
	case form.action == indicators.ActionReject && form.comment == "":
		problem("review.error.comment_required")
	}
	switch {
	case len(form.ids) == 0 && d.Errors["id"] == "":
		d.Errors["id"] = "review.error.none"
	case len(form.ids) > maxReviewIDs:
		d.Errors["id"] = "review.error.bad_id"
	}
	if len([]rune(form.comment)) > indicators.MaxCommentLen {
		problem("review.error.comment_long")
	}
	checked := map[int64]bool{}
	if form.row == 0 {
		for _, id := range form.ids {
			checked[id] = true
		}
	}
	state := &reviewState{checked: checked, notes: form.notes, row: form.row, rowError: d.Errors["row"]}
	if len(d.Errors) > 0 {
		s.renderReview(c, http.StatusUnprocessableEntity, f, d, state)
		return
	}
	done, err := s.svc.Review(c.Request.Context(), form.ids, form.action, form.comment, principalOf(c))
	if err != nil {
		if !shownInPlace(err) {
			s.fail(c, err)
			return
		}
		d.Problem = problemOf(langOf(c), err)
		s.renderReview(c, statusOf[indicators.CodeOf(err)], f, d, state)
		return
	}
	s.setPageFlash(c, langOf(c).T("review.flash."+string(form.action), "Count", len(done)))
	c.Redirect(http.StatusSeeOther, f.at(f.Page))
}

// reviewState is what a refused form had: the ticked values, the rows'
// comments, and the row whose button was pressed with its problem.
type reviewState struct {
	checked  map[int64]bool
	notes    map[int64]string
	row      int64
	rowError string
}

// renderReview loads the queue for f and renders it with d's form state.
func (s *Server) renderReview(c *gin.Context, status int, f reviewFilter, d *reviewData, st *reviewState) {
	ctx := c.Request.Context()
	p := principalOf(c)
	if st == nil {
		st = &reviewState{}
	}
	if f.Zone != "" {
		if err := scope(c, f.Zone); err != nil {
			s.fail(c, err)
			return
		}
	}
	cat, ok := s.reviewContext(c, f, d)
	if !ok {
		return
	}
	if f.Perspective != "" && !hasPerspective(cat, f.Perspective) {
		d.Errors["perspective"] = "review.error.perspective"
		if status == http.StatusOK {
			status = http.StatusUnprocessableEntity
		}
	}
	if d.Confirm == nil {
		page, err := s.reviewQueue(ctx, p, f)
		if err != nil {
			s.fail(c, err)
			return
		}
		inds := make(map[string]*indicators.Indicator, len(cat.Indicators))
		for i := range cat.Indicators {
			inds[cat.Indicators[i].Code] = &cat.Indicators[i]
		}
		for _, it := range page.Items {
			row := newReviewRow(it, inds[it.IndicatorCode], p)
			row.Checked, row.Note = st.checked[it.ID], st.notes[it.ID]
			if it.ID == st.row {
				row.NoteError = st.rowError
			}
			d.Rows = append(d.Rows, row)
		}
		if err := s.reviewEvidence(ctx, d.Rows); err != nil {
			s.fail(c, err)
			return
		}
		if err := s.checkTexts(ctx, langOf(c), d.Rows); err != nil {
			s.fail(c, err)
			return
		}
		d.Waiting = page.Total
		f.Page = page.Offset/reviewPageSize + 1
		if len(page.Items) > 0 {
			d.First, d.Last = page.Offset+1, page.Offset+len(page.Items)
		}
		if f.Page > 1 {
			d.Prev = template.URL(f.at(f.Page - 1))
		}
		if int64(d.Last) < page.Total {
			d.Next = template.URL(f.at(f.Page + 1))
		}
	}
	d.Filter = f
	s.renderView(c, status, "review", &View{Nav: "review", Data: d, Flash: s.takePageFlash(c)})
}

// reviewContext fills what every view of the queue shows beside the
// values: the frameworks, zones, perspectives and orders to choose from.
// It answers the framework's catalogue, or false when it has already
// answered the request with an error.
func (s *Server) reviewContext(c *gin.Context, f reviewFilter, d *reviewData) (*indicators.Catalogue, bool) {
	ctx := c.Request.Context()
	fws, err := s.svc.ListFrameworks(ctx)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	cat, err := s.svc.Catalogue(ctx, f.Framework)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	zones, err := s.svc.ListZones(ctx)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	d.Frameworks, d.Perspectives, d.Orders, d.MaxAll = fws, cat.Perspectives, indicators.ReviewOrders, indicators.MaxReviewAll
	d.Zones = visible(principalOf(c), zones, func(z *indicators.Zone) string { return z.Code })
	d.ZonePick = pickZones(d.Zones, f.Zone)
	d.Query = template.URL(f.query().Encode())
	return cat, true
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

// PerspectiveName is the name of perspective code in the page's language.
func (d *reviewData) PerspectiveName(l *Lang, code string) string {
	for _, p := range d.Perspectives {
		if p.Code == code {
			return l.Name(p.NameEn, p.NameZh)
		}
	}
	return code
}

// FrameworkName is the name of the filter's framework.
func (d *reviewData) FrameworkName(l *Lang) string {
	for _, fw := range d.Frameworks {
		if fw.Code == d.Filter.Framework {
			return l.Name(fw.NameEn, fw.NameZh)
		}
	}
	return d.Filter.Framework
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
