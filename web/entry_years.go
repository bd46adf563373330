package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// entryYears is the span of years the entry form of a framework takes:
// from the earliest of the framework's first year with a value, its
// catalogue's earliest baseline year and last calendar year, to the later
// of its last year with a value and this calendar year. A year before the
// framework's data and baselines, or one still to come, is a typing
// mistake on this form (the import and the API keep their own wider
// check, indicators.CheckYear).
type entryYears struct{ First, Last int }

// entryYearsOf works out the span from what the store already caches.
func (s *Server) entryYearsOf(ctx context.Context, fw string, cat *indicators.Catalogue) (entryYears, error) {
	now := time.Now().Year()
	y := entryYears{First: now - 1, Last: now}
	first, last, ok, err := s.svc.YearRange(ctx, fw)
	if err != nil {
		return y, err
	}
	if ok {
		y.First, y.Last = min(y.First, first), max(y.Last, last)
	}
	for _, ind := range cat.Indicators {
		if ind.BaselineYear != nil {
			y.First = min(y.First, *ind.BaselineYear)
		}
	}
	y.First, y.Last = max(y.First, indicators.MinYear), min(y.Last, indicators.MaxYear)
	return y, nil
}

// Has reports whether the form takes year.
func (y entryYears) Has(year int) bool { return year >= y.First && year <= y.Last }

// Nearest is the year of the span closest to year.
func (y entryYears) Nearest(year int) int { return min(max(year, y.First), y.Last) }

// List is every year of the span, the latest first, for the chooser.
func (y entryYears) List() []int {
	out := make([]int, 0, y.Last-y.First+1)
	for v := y.Last; v >= y.First; v-- {
		out = append(out, v)
	}
	return out
}

// yearOutside is entryLoad's refusal of a year outside the span.
type yearOutside struct {
	year int
	span entryYears
}

func (e *yearOutside) Error() string {
	return fmt.Sprintf("year %d is not between %d and %d, the years of this framework's entry form", e.year, e.span.First, e.span.Last)
}

// fieldError is the refusal as the one error type, naming the field.
func (e *yearOutside) fieldError() error {
	return indicators.FieldsError("the form is not valid", []indicators.FieldError{{Field: "year", Code: "out_of_range", Message: e.Error()}})
}

// entryRedirectYear answers a form asked for a year outside the span: the
// nearest year the form takes, which says the asked one was outside.
func entryRedirectYear(c *gin.Context, zone, fw string, e *yearOutside) {
	q := url.Values{"framework": {fw}, "year": {strconv.Itoa(e.span.Nearest(e.year))}, "outside": {strconv.Itoa(e.year)}}
	c.Redirect(http.StatusSeeOther, "/zones/"+url.PathEscape(zone)+"/entry?"+q.Encode())
}

// entryOutside is the year the form was sent away from, when the query
// names one (outside=) that the span indeed does not hold; 0 otherwise.
func entryOutside(c *gin.Context, span entryYears) int {
	y, err := indicators.ParseYear(c.Query("outside"))
	if err != nil || span.Has(y) {
		return 0
	}
	return y
}
