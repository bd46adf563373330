package web

import (
	"context"
	"time"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/locale"
	"igmc/scoring"
)

// pageStore is what the pages need of the store beyond the API's needs.
type pageStore interface {
	// ScorecardSeries is a zone's scorecards for each year first..last.
	ScorecardSeries(ctx context.Context, framework, zone string, first, last int, basis scoring.Basis) ([]scoring.Card, error)
	// YearRange is the first and last year with a value in framework.
	YearRange(ctx context.Context, framework string) (first, last int, ok bool, err error)
	// WorkingYear is the latest year, not after upTo, with values past
	// draft in framework.
	WorkingYear(ctx context.Context, framework string, upTo int) (year int, ok bool, err error)
	// PendingCounts counts the values awaiting work by zone and status
	// (shared: not to be modified).
	PendingCounts(ctx context.Context, framework string) (map[string]map[indicators.Status]int64, error)
	// LoadDemo loads the Liuyang demo zones and values.
	LoadDemo(ctx context.Context, by *indicators.Principal) (values, added int, err error)
	// SaveMeasurements writes a form's values, all or none.
	SaveMeasurements(ctx context.Context, changes []indicators.MeasurementChange, p *indicators.Principal) (failed int, err error)
}

// currentYear is the year the pages open on when none is asked for (see
// latestYear).
func (s *Server) currentYear(ctx context.Context, framework string) int {
	y, _ := s.latestYear(ctx, framework)
	return y
}

// latestYear is currentYear and whether the framework has any value. The
// current year is the latest year, not after this calendar year (in
// IGMC_TIME_ZONE), whose values have entered the review (submitted,
// approved or rejected): a draft is one officer's unfinished work, and a
// value for a year not yet begun a slip, so neither moves everyone's
// pages. With drafts only, it is the latest year with a value up to this
// calendar year; with no value at all, last calendar year (the year whose
// figures are reported this year). docs/pages.md says the same.
func (s *Server) latestYear(ctx context.Context, framework string) (int, bool) {
	now := time.Now().In(locale.TimeZone()).Year()
	first, last, ok, err := s.svc.YearRange(ctx, framework)
	if err != nil || !ok {
		return now - 1, false
	}
	if y, found, err := s.svc.WorkingYear(ctx, framework, now); err == nil && found {
		return y, true
	}
	return max(first, min(last, now)), true
}

// pageYear reads the year query parameter of a page, defaulting to the
// current year; a year that is not one is a 400 with the field named.
func (s *Server) pageYear(c *gin.Context, framework string) (int, bool) {
	v := c.Query("year")
	if v == "" {
		return s.currentYear(c.Request.Context(), framework), true
	}
	y, err := indicators.ParseYear(v)
	if err != nil {
		s.fail(c, indicators.FieldsError("the query is not valid", indicators.FieldsOf(err)))
		return 0, false
	}
	return y, true
}

// pageFramework is the framework query parameter of a page, igmc by
// default.
func pageFramework(c *gin.Context) string { return c.DefaultQuery("framework", indicators.IGMC.Code) }

// frameworkPage loads what a page about one framework shows: the
// framework, the frameworks for a selector (nil when there is only one)
// and the catalogue. On a problem it answers and returns false.
func (s *Server) frameworkPage(c *gin.Context, fw string) (indicators.Framework, []indicators.Framework, *indicators.Catalogue, bool) {
	ctx := c.Request.Context()
	f, err := s.svc.Framework(ctx, fw)
	if err != nil {
		s.fail(c, err)
		return f, nil, nil, false
	}
	fws, err := s.svc.ListFrameworks(ctx)
	if err != nil {
		s.fail(c, err)
		return f, nil, nil, false
	}
	if len(fws) < 2 {
		fws = nil
	}
	cat, err := s.svc.Catalogue(ctx, fw)
	if err != nil {
		s.fail(c, err)
		return f, nil, nil, false
	}
	return f, fws, cat, true
}
