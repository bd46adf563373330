package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/reports"
	"igmc/scoring"
)

// qualityStore is what the data-quality routes need of the store: the
// checks, follow-ups, the reporting calendar and the report (SPEC §8).
type qualityStore interface {
	// CheckRows runs the checks on a batch of values, together; each
	// row's warnings, in order.
	CheckRows(ctx context.Context, framework string, rows []indicators.CheckRow) ([][]scoring.Warning, error)
	CreateFollowUp(ctx context.Context, in indicators.FollowUpInput, p *indicators.Principal) (indicators.FollowUp, error)
	ResolveFollowUp(ctx context.Context, id int64, note string, p *indicators.Principal) (indicators.FollowUp, error)
	ListFollowUps(ctx context.Context, f indicators.FollowUpFilter) ([]indicators.FollowUp, error)
	OpenFollowUps(ctx context.Context, p *indicators.Principal, limit int) ([]indicators.FollowUp, error)
	Calendar(ctx context.Context, framework string, year int) (indicators.Calendar, error)
	Calendars(ctx context.Context, framework string) ([]indicators.Calendar, error)
	SetCalendar(ctx context.Context, c indicators.Calendar, p *indicators.Principal) (indicators.Calendar, error)
	QualityReport(ctx context.Context, framework string, year int, p *indicators.Principal) (indicators.QualityReport, error)
}

// qualityRequest reads ?framework=&year= (year required) and makes the
// report of the caller's zones; on a problem it answers and returns false.
func (s *Server) qualityRequest(c *gin.Context) (indicators.QualityReport, bool) {
	fw := c.Query("framework")
	var errs indicators.FieldErrors
	if fw == "" {
		errs.Add(0, "framework", "required", "framework is required")
	}
	year, err := indicators.ParseYear(c.Query("year"))
	if err != nil {
		errs.Add(0, "year", "invalid_year", "year: %v", err)
	}
	if err := errs.Err("the query is not valid"); err != nil {
		s.fail(c, err)
		return indicators.QualityReport{}, false
	}
	r, err := s.svc.QualityReport(c.Request.Context(), fw, year, principalOf(c))
	if err != nil {
		s.fail(c, err)
		return r, false
	}
	return r, true
}

func qualityFile(r *indicators.QualityReport, ext string) string {
	return fmt.Sprintf("%s-%d-quality.%s", r.Framework, r.Year, ext)
}

// qualityShow serves GET /api/v1/quality?framework=&year=: the
// data-quality report of the caller's zones.
func (s *Server) qualityShow(c *gin.Context) {
	if r, ok := s.qualityRequest(c); ok {
		c.JSON(http.StatusOK, r)
	}
}

// qualityCSV serves GET /api/v1/quality.csv?framework=&year=.
func (s *Server) qualityCSV(c *gin.Context) {
	if r, ok := s.qualityRequest(c); ok {
		s.streamCSV(c, qualityFile(&r, "csv"), func(w io.Writer) error { return reports.WriteQualityCSV(w, &r) })
	}
}

// qualityXLSX serves GET /api/v1/quality.xlsx?framework=&year=.
func (s *Server) qualityXLSX(c *gin.Context) {
	r, ok := s.qualityRequest(c)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := reports.WriteQualityXLSX(&buf, &r); err != nil {
		s.fail(c, err)
		return
	}
	sendFile(c, xlsxType, qualityFile(&r, "xlsx"), buf.Bytes())
}

// calendarYear reads the {year} of a calendar route.
func (s *Server) calendarYear(c *gin.Context) (int, bool) {
	year, err := strconv.Atoi(c.Param("year"))
	if err != nil || !indicators.ValidYear(year) {
		s.fail(c, indicators.Errorf(indicators.NotFound, "no such year %q", indicators.Excerpt(c.Param("year"))))
		return 0, false
	}
	return year, true
}

// calendarShow serves GET /api/v1/frameworks/{fw}/calendar/{year}: the
// year's due day and close day, with whether the year is late now.
func (s *Server) calendarShow(c *gin.Context) {
	year, ok := s.calendarYear(c)
	if !ok {
		return
	}
	cal, err := s.svc.Calendar(c.Request.Context(), c.Param("fw"), year)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, cal)
}

type calendarBody struct {
	DueOn   string `json:"due_on" validate:"required,max=10"`
	CloseOn string `json:"close_on" validate:"max=10"`
}

// calendarSet serves PUT /api/v1/frameworks/{fw}/calendar/{year} with
// {"due_on":"YYYY-MM-DD","close_on":"YYYY-MM-DD" or ""}: administrators.
func (s *Server) calendarSet(c *gin.Context) {
	year, ok := s.calendarYear(c)
	if !ok {
		return
	}
	var b calendarBody
	if err := bindJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	cal, err := s.svc.SetCalendar(c.Request.Context(), indicators.Calendar{Framework: c.Param("fw"), Year: year, DueOn: b.DueOn, CloseOn: b.CloseOn}, principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, cal)
}
