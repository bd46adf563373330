package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/locale"
	"igmc/reports"
	"igmc/scoring"
)

// comparePageData is what templates/pages/compare.html shows.
type comparePageData struct {
	Framework  indicators.Framework
	Frameworks []indicators.Framework // for the selector, when more than one
	Year       int
	Years      []int
	Working    bool
	Status     string
	Rows       []compareRow
	// Perspectives are the heat table's columns.
	Perspectives []scoring.PerspectiveCard
	// Search is the zone search and the order asked for, Total the zones
	// before the search, Heads the links of the sortable columns (by key:
	// zone, index, points, grade, coverage, p-<perspective code>).
	Search tableSort
	Total  int
	Heads  map[string]sortHead
	// Query is the page's query (framework, year, status, q, sort, dir),
	// for links that keep it, such as a download of the same comparison.
	Query template.URL
	Clear string
	// Page is the part of the matching zones shown: both tables hold only
	// its rows.
	Page comparePager
}

// comparePageSize is the number of zones a page of the comparison shows.
const comparePageSize = 50

// comparePager is where a page of the comparison sits among the zones
// that match: zones From–To (1-based) of Count, page N of Pages, and the
// links to the pages either side (empty at the ends).
type comparePager struct {
	N, Pages        int
	From, To, Count int
	Prev, Next      template.URL
}

// Figure writes a zone count with its thousands grouped.
func (comparePager) Figure(n int) string { return locale.Group(strconv.Itoa(n)) }

// comparePageOf reads page= (1 when missing): a whole number from 1. A
// page past the last shows the last, so that a link kept from a longer
// list still lands on zones.
func comparePageOf(query url.Values) (int, error) {
	v := query.Get("page")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || len(v) > 9 {
		var errs indicators.FieldErrors
		errs.Add(0, "page", "invalid", "page %q is not a whole number from 1", v)
		return 0, errs.Err("the query is not valid")
	}
	return n, nil
}

// zoneListQuery reads the zone search q= and page= of a page that lists
// zones a page at a time (no sort= there: the list keeps its order).
func zoneListQuery(query url.Values) (tableSort, int, error) {
	ts, err := tableSortOf(query, nil)
	if err != nil {
		return ts, 0, err
	}
	page, err := comparePageOf(query)
	return ts, page, err
}

// paged cuts rows to page n of comparePageSize; links are the query q with
// page= set.
func paged(rows []compareRow, n int, q url.Values) ([]compareRow, comparePager) {
	return pageRows(rows, n, "/compare", q)
}

// pageRows cuts rows to page n (past the last: the last) of
// comparePageSize, for any page that lists zones; the links to the pages
// either side are path with the query q and page= set.
func pageRows[T any](rows []T, n int, path string, q url.Values) ([]T, comparePager) {
	pg := comparePager{Count: len(rows), Pages: max(1, (len(rows)+comparePageSize-1)/comparePageSize)}
	pg.N = min(n, pg.Pages)
	if len(rows) == 0 {
		return rows, pg
	}
	lo := (pg.N - 1) * comparePageSize
	hi := min(lo+comparePageSize, len(rows))
	pg.From, pg.To = lo+1, hi
	link := func(page int) template.URL {
		v := url.Values{}
		for k, vals := range q {
			if k != "page" {
				v[k] = vals
			}
		}
		if page > 1 {
			v.Set("page", strconv.Itoa(page))
		}
		return template.URL(path + "?" + v.Encode())
	}
	if pg.N > 1 {
		pg.Prev = link(pg.N - 1)
	}
	if pg.N < pg.Pages {
		pg.Next = link(pg.N + 1)
	}
	return rows[lo:hi], pg
}

// compareRow is a zone's line in both tables.
type compareRow struct {
	scoring.RankRow
	Grade string // in the page's language
	Link  string
	// Cells are the zone's perspectives in the order of the columns.
	Cells []scoring.RankPerspective
}

// comparePage serves GET /compare?framework=&year=&status=: the zones in
// the caller's scope ranked by index, and a table of their perspective
// scores; both come from one ranking, which the store caches.
//
// q= keeps the zones whose code or name contains it; sort= orders both
// tables by zone, index, points, grade, coverage or a perspective's score
// (p-<code>), dir= asc or desc; zones without the figure come last.
// page= shows comparePageSize of the zones that match (both tables hold
// only those), so that the page stays small at thousands of zones; the
// CSV and PDF downloads keep every zone.
func (s *Server) comparePage(c *gin.Context) {
	ctx := c.Request.Context()
	p, ok := s.cardPageOf(c)
	if !ok {
		return
	}
	keys := []string{"zone", "index", "points", "grade", "coverage"}
	for _, pp := range p.cat.Perspectives {
		keys = append(keys, "p-"+pp.Code)
	}
	ts, err := tableSortOf(c.Request.URL.Query(), keys)
	if err != nil {
		s.fail(c, err)
		return
	}
	page, err := comparePageOf(c.Request.URL.Query())
	if err != nil {
		s.fail(c, err)
		return
	}
	fw, basis, yr, year, cat := p.fw, p.basis, p.years, p.years.year, p.cat
	all, err := s.svc.Ranking(ctx, fw, year, basis)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := langOf(c)
	d := &comparePageData{Framework: p.framework, Year: year, Years: yr.choices(),
		Working: basis == scoring.BasisWorking, Status: reports.StatusOf(basis)}
	d.Frameworks = p.frameworks
	for _, r := range visible(principalOf(c), all, func(r *scoring.RankRow) string { return r.Zone }) {
		d.Total++
		if !ts.matches(r.Zone, r.NameEn, r.NameZh) {
			continue
		}
		d.Rows = append(d.Rows, compareRow{RankRow: r, Cells: r.Perspectives})
	}
	sortCompare(l, d.Rows, ts, p.framework.GradeBands)
	base := url.Values{"framework": {fw}, "year": {strconv.Itoa(year)}, "status": {d.Status}}
	d.Search, d.Heads, d.Clear = ts, ts.heads("/compare", base, keys), "/compare?"+base.Encode()
	q := url.Values{}
	for k, v := range base {
		q[k] = v
	}
	for k, v := range map[string]string{"q": ts.Q, "sort": ts.Key} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if ts.Desc {
		q.Set("dir", "desc")
	}
	d.Query = template.URL(q.Encode())
	d.Rows, d.Page = paged(d.Rows, page, q)
	// The words and links of the rows shown only: at thousands of zones,
	// making them for every zone was most of a warm page's time.
	for i := range d.Rows {
		r := &d.Rows[i]
		r.Grade = scGradeText(l, r.RankRow.Grade)
		r.Link = scorecardLinksFor(r.Zone, fw, year, basis).self(basis)
	}
	// The columns, from the catalogue.
	for _, p := range cat.Perspectives {
		d.Perspectives = append(d.Perspectives, scoring.PerspectiveCard{Code: p.Code, NameEn: p.NameEn, NameZh: p.NameZh})
	}
	s.render(c, http.StatusOK, "compare", "compare", d)
}

// sortCompare orders the rows as ts says (by rank without a sort key).
// Rows without the figure sorted by come last either way; ties keep the
// ranking's order.
func sortCompare(l *Lang, rows []compareRow, ts tableSort, bands []indicators.GradeBand) {
	if ts.Key == "" {
		return
	}
	col := collatorFor(l)
	// figure is the value sorted by, nil for none.
	figure := func(r *compareRow) *float64 {
		switch ts.Key {
		case "index":
			return r.Index
		case "points":
			return &r.Points
		case "coverage":
			return &r.Coverage
		case "grade":
			if r.RankRow.Grade == nil {
				return nil
			}
			for _, b := range bands {
				if b.Grade == *r.RankRow.Grade {
					v := b.Min
					return &v
				}
			}
			return nil
		}
		code := strings.TrimPrefix(ts.Key, "p-")
		for _, cell := range r.Cells {
			if cell.Code == code {
				return cell.Score
			}
		}
		return nil
	}
	slices.SortStableFunc(rows, func(a, b compareRow) int {
		if ts.Key == "zone" {
			n := col.CompareString(l.Name(a.NameEn, a.NameZh), l.Name(b.NameEn, b.NameZh))
			if ts.Desc {
				n = -n
			}
			return n
		}
		fa, fb := figure(&a), figure(&b)
		switch {
		case fa == nil && fb == nil:
			return 0
		case fa == nil:
			return 1
		case fb == nil:
			return -1
		}
		n := cmpFloat(*fa, *fb)
		if ts.Desc {
			n = -n
		}
		return n
	})
}

// self is the link to the scorecard on basis b.
func (l scorecardLinks) self(b scoring.Basis) string {
	if b == scoring.BasisWorking {
		return l.Working
	}
	return l.Official
}
