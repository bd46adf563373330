package web

import (
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/reports"
)

// measurementsList serves GET /api/v1/measurements with the filters zone,
// framework, indicator, period, year, perspective and status, and
// limit/cursor paging.
func (s *Server) measurementsList(c *gin.Context) {
	f := indicators.MeasurementFilter{
		Framework: c.Query("framework"), Zone: c.Query("zone"), Indicator: c.Query("indicator"), Period: c.Query("period"),
		Perspective: c.Query("perspective"), Zones: principalOf(c).ScopeCodes(),
	}
	var fields []indicators.FieldError
	if v := c.Query("year"); v != "" {
		y, err := indicators.ParseYear(v)
		fields = append(fields, indicators.FieldsOf(err)...)
		f.Year = y
	}
	if v := c.Query("status"); v != "" {
		st, err := indicators.ParseStatus(v)
		if err != nil {
			fields = append(fields, indicators.FieldError{Field: "status", Code: "invalid", Message: err.Error()})
		}
		f.Status = st
	}
	f.Limit, f.After, fields = paging(c, fields)
	if len(fields) > 0 {
		s.fail(c, indicators.FieldsError("the query is not valid", fields))
		return
	}
	page, err := s.svc.ListMeasurements(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, pageOf(page))
}

type measurementBody struct {
	FrameworkCode string   `json:"framework_code" validate:"required,maxcode"`
	ZoneCode      string   `json:"zone_code" validate:"required,maxcode"`
	IndicatorCode string   `json:"indicator_code" validate:"required,maxcode"`
	Period        string   `json:"period" validate:"required,maxperiod"`
	Value         *float64 `json:"value" validate:"required"`
	Source        string   `json:"source" validate:"maxsource"`
	Comment       string   `json:"comment" validate:"maxcomment"`
	// Quality is the value's quality code (empty: administrative) and
	// Explanation the answer to its warnings (SPEC §8).
	Quality     string `json:"quality" validate:"maxcode"`
	Explanation string `json:"explanation" validate:"maxcomment"`
}

// measurementsCreate serves POST /api/v1/measurements: a new value, as a
// draft.
func (s *Server) measurementsCreate(c *gin.Context) {
	var b measurementBody
	if err := bindJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	m, err := s.svc.CreateMeasurement(c.Request.Context(), indicators.MeasurementInput{
		FrameworkCode: b.FrameworkCode, ZoneCode: b.ZoneCode, IndicatorCode: b.IndicatorCode,
		Period: b.Period, Value: *b.Value, Source: b.Source, Comment: b.Comment,
		Quality: indicators.Quality(b.Quality), Explanation: b.Explanation,
	}, principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, m)
}

func idParam(c *gin.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, indicators.Errorf(indicators.NotFound, "measurement %q not found", c.Param("id"))
	}
	return id, nil
}

// measurementsShow serves GET /api/v1/measurements/{id}.
func (s *Server) measurementsShow(c *gin.Context) {
	id, err := idParam(c)
	if err == nil {
		var m indicators.Measurement
		if m, err = s.svc.Measurement(c.Request.Context(), id); err == nil {
			if err = scope(c, m.ZoneCode); err == nil {
				c.JSON(http.StatusOK, m)
				return
			}
		}
	}
	s.fail(c, err)
}

type measurementUpdate struct {
	Version int      `json:"version" validate:"required,min=1"`
	Value   *float64 `json:"value" validate:"required"`
	Source  string   `json:"source" validate:"maxsource"`
	Comment string   `json:"comment" validate:"maxcomment"`
	// Quality and Explanation as in measurementBody.
	Quality     string `json:"quality" validate:"maxcode"`
	Explanation string `json:"explanation" validate:"maxcomment"`
}

// measurementsUpdate serves PUT /api/v1/measurements/{id}. The body carries
// the version the caller read; a stale one is answered with 409.
func (s *Server) measurementsUpdate(c *gin.Context) {
	id, err := idParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var b measurementUpdate
	if err := bindJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	m, err := s.svc.UpdateMeasurement(c.Request.Context(), id, indicators.MeasurementInput{Value: *b.Value, Source: b.Source, Comment: b.Comment,
		Quality: indicators.Quality(b.Quality), Explanation: b.Explanation}, b.Version, principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, m)
}

// measurementsHistory serves GET /api/v1/measurements/{id}/history: every
// version, oldest first.
func (s *Server) measurementsHistory(c *gin.Context) {
	id, err := idParam(c)
	if err == nil {
		var h []indicators.Measurement
		if h, err = s.svc.History(c.Request.Context(), id); err == nil {
			if err = scope(c, h[0].ZoneCode); err == nil {
				c.JSON(http.StatusOK, listOf(h))
				return
			}
		}
	}
	s.fail(c, err)
}

// measurementsImport serves POST /api/v1/measurements/import?framework=&dry_run=&accept_warnings=:
// a measurements file (CSV or XLSX), all or nothing; with dry_run=true it
// only counts what would change and lists the rows the checks warn of;
// accept_warnings=true confirms warned rows that have no explain text.
func (s *Server) measurementsImport(c *gin.Context) {
	fw := c.Query("framework")
	if fw == "" {
		s.fail(c, bad("the query parameter framework is required"))
		return
	}
	dry, err := boolQuery(c, "dry_run")
	if err != nil {
		s.fail(c, err)
		return
	}
	accept, err := boolQuery(c, "accept_warnings")
	if err != nil {
		s.fail(c, err)
		return
	}
	var ev []indicators.RowEvidence
	var rd indicators.RowReader
	var done func()
	if c.ContentType() == "application/zip" {
		// Evidence files with their measurements file (docs/api.md).
		rd, ev, done, err = s.openImportZip(c)
	} else {
		rd, done, err = s.openUpload(c, s.maxDataUpload())
	}
	defer done()
	if err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.svc.ImportMeasurements(c.Request.Context(), rd, indicators.ImportOptions{Framework: fw, DryRun: dry, By: principalOf(c),
		AcceptWarnings: accept, Evidence: ev})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

func boolQuery(c *gin.Context, name string) (bool, error) {
	v := c.Query(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, bad("the query parameter %s must be true or false", name)
	}
	return b, nil
}

// exportQuery reads the query of a measurements export (framework
// required, zone and history optional) and checks the zone's scope; the
// filter keeps the export to the caller's zones. On a problem it answers
// and returns false.
func (s *Server) exportQuery(c *gin.Context) (indicators.MeasurementFilter, bool, bool) {
	fw := c.Query("framework")
	if fw == "" {
		s.fail(c, bad("the query parameter framework is required"))
		return indicators.MeasurementFilter{}, false, false
	}
	history, err := boolQuery(c, "history")
	if err != nil {
		s.fail(c, err)
		return indicators.MeasurementFilter{}, false, false
	}
	if z := c.Query("zone"); z != "" {
		if err := scope(c, z); err != nil {
			s.fail(c, err)
			return indicators.MeasurementFilter{}, false, false
		}
	}
	return indicators.MeasurementFilter{Framework: fw, Zone: c.Query("zone"), Zones: principalOf(c).ScopeCodes()}, history, true
}

// exportMeasurements serves GET /api/v1/exports/measurements.csv?framework=&zone=&history=,
// streamed row by row.
func (s *Server) exportMeasurements(c *gin.Context) {
	filter, history, ok := s.exportQuery(c)
	if !ok {
		return
	}
	s.streamCSV(c, filter.Framework+"-measurements.csv", func(w io.Writer) error {
		ew, err := reports.NewExportWriter(w, history)
		if err != nil {
			return err
		}
		if err := s.svc.ExportMeasurements(c.Request.Context(), filter, history, ew.Write); err != nil {
			return err
		}
		return ew.Flush()
	})
}

// paging reads the limit and cursor of a list request, adding any problem
// to fields.
func paging(c *gin.Context, fields []indicators.FieldError) (limit int, after int64, _ []indicators.FieldError) {
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			fields = append(fields, indicators.FieldError{Field: "limit", Code: "out_of_range", Message: "limit must be a whole number from 1 to 1000"})
		}
		limit = n
	}
	if v := c.Query("cursor"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			fields = append(fields, indicators.FieldError{Field: "cursor", Code: "invalid", Message: "cursor is not one this server gave out"})
		}
		after = n
	}
	return limit, after, fields
}

// pageOf is the list shape of a page, its cursor as text.
func pageOf[T any](p indicators.Page[T]) list[T] {
	out := list[T]{Items: p.Items, Total: p.Total}
	if p.Next != nil {
		n := strconv.FormatInt(*p.Next, 10)
		out.Next = &n
	}
	return out
}
