package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/locale"
	"igmc/reports"
	"igmc/scoring"
)

const (
	pdfType  = "application/pdf"
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// progressReport makes the progress report of zone × year (see
// reports.ProgressReportOf).
func (s *Server) progressReport(ctx context.Context, fw, zone string, year int, basis scoring.Basis) (*scoring.ProgressReport, indicators.Zone, error) {
	return reports.ProgressReportOf(ctx, s.svc, fw, zone, year, basis)
}

// progressShow serves GET /api/v1/zones/{zone}/progress?framework=&year=&status=.
func (s *Server) progressShow(c *gin.Context) {
	if r, _, ok := s.progressRequest(c); ok {
		c.JSON(http.StatusOK, r)
	}
}

// progressRequest reads a progress report request (the scorecard's query,
// zone scope checked) and makes the report; on a problem it answers and
// returns false.
func (s *Server) progressRequest(c *gin.Context) (*scoring.ProgressReport, indicators.Zone, bool) {
	fw, year, basis, ok := s.scorecardRequest(c)
	if !ok {
		return nil, indicators.Zone{}, false
	}
	r, z, err := s.progressReport(c.Request.Context(), fw, c.Param("zone"), year, basis)
	if err != nil {
		s.fail(c, err)
		return nil, z, false
	}
	return r, z, true
}

// progressPDF serves GET /api/v1/zones/{zone}/progress.pdf?framework=&year=&status=&lang=.
func (s *Server) progressPDF(c *gin.Context) {
	r, z, ok := s.progressRequest(c)
	if !ok {
		return
	}
	o, ok := s.pdfOptions(c, r.Framework)
	if !ok {
		return
	}
	cat, err := s.svc.Catalogue(c.Request.Context(), r.Framework)
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	notice, err := reports.WriteProgressPDF(&buf, r, z, cat, o)
	s.sendPDF(c, progressFile(r, "pdf"), notice, &buf, err)
}

// progressCSV serves GET /api/v1/zones/{zone}/progress.csv?framework=&year=&status=.
func (s *Server) progressCSV(c *gin.Context) {
	o, ok := s.csvOptions(c)
	if !ok {
		return
	}
	if r, _, ok := s.progressRequest(c); ok {
		s.streamCSV(c, progressFile(r, "csv"), func(w io.Writer) error { return reports.WriteProgressCSVWith(w, r, o) })
	}
}

// csvOptions reads the lang (en, the default, or zh: the language of the
// words columns) and bom (true or false, the default: start with the
// UTF-8 byte order mark Excel needs) parameters of a CSV report.
func (s *Server) csvOptions(c *gin.Context) (reports.CSVOptions, bool) {
	o := reports.CSVOptions{Lang: c.DefaultQuery("lang", "en")}
	if !s.langQuery(c, o.Lang) {
		return o, false
	}
	switch c.DefaultQuery("bom", "false") {
	case "true", "1":
		o.BOM = true
	case "false", "0":
	default:
		s.fail(c, indicators.FieldsError("the query is not valid", []indicators.FieldError{{Field: "bom", Code: "invalid", Message: "bom must be true or false"}}))
		return o, false
	}
	return o, true
}

// progressXLSX serves GET /api/v1/zones/{zone}/progress.xlsx?framework=&year=&status=.
func (s *Server) progressXLSX(c *gin.Context) {
	s.progressFile(c, "xlsx", xlsxType, reports.WriteProgressXLSX)
}

func (s *Server) progressFile(c *gin.Context, ext, ctype string, encode func(io.Writer, *scoring.ProgressReport) error) {
	r, _, ok := s.progressRequest(c)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := encode(&buf, r); err != nil {
		s.fail(c, err)
		return
	}
	sendFile(c, ctype, progressFile(r, ext), buf.Bytes())
}

func progressFile(r *scoring.ProgressReport, ext string) string {
	return fmt.Sprintf("%s-%s-%d-%s-progress.%s", r.Zone, r.Framework, r.Year, r.Basis, ext)
}

// scorecardPDF serves GET /api/v1/zones/{zone}/scorecard.pdf?framework=&year=&status=&lang=,
// with the index over up to ten years drawn from the zone's earlier cards.
func (s *Server) scorecardPDF(c *gin.Context) {
	fw, year, basis, ok := s.scorecardRequest(c)
	if !ok {
		return
	}
	o, ok := s.pdfOptions(c, fw)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	zone := c.Param("zone")
	card, err := s.svc.Scorecard(ctx, fw, zone, year, basis)
	if err != nil {
		s.fail(c, err)
		return
	}
	data := reports.ScorecardPDF{Card: &card}
	if data.Catalogue, err = s.svc.Catalogue(ctx, fw); err == nil {
		data.Zone, err = s.svc.Zone(ctx, zone)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	if data.Series, err = reports.IndexSeries(ctx, s.svc, &card); err != nil {
		// Without it the PDF simply has no chart of the index over the years.
		s.log.Warn("scorecard pdf: no index series", "zone", zone, "err", err)
	}
	var buf bytes.Buffer
	notice, err := reports.WriteScorecardPDF(&buf, data, o)
	s.sendPDF(c, fmt.Sprintf("%s-%s-%d-%s.pdf", card.Zone, card.Framework, card.Year, card.Basis), notice, &buf, err)
}

// pdfOptions reads the lang parameter of a PDF request, en (the default)
// or zh, and looks up the names of framework fw.
func (s *Server) pdfOptions(c *gin.Context, fw string) (reports.PDFOptions, bool) {
	o := reports.PDFOptions{Lang: c.DefaultQuery("lang", "en"), Font: s.PDFFont, Now: time.Now()}
	if !s.langQuery(c, o.Lang) {
		return o, false
	}
	f, err := s.svc.Framework(c.Request.Context(), fw)
	if err != nil {
		s.fail(c, err)
		return o, false
	}
	o.Framework = f
	return o, true
}

// langQuery checks a lang parameter: en or zh. On anything else it
// answers 400 and returns false.
func (s *Server) langQuery(c *gin.Context, lang string) bool {
	if locale.Of(lang) == nil {
		s.fail(c, indicators.FieldsError("the query is not valid", []indicators.FieldError{{Field: "lang", Code: "invalid", Message: "lang must be en or zh", Args: map[string]string{"expected": "en, zh"}}}))
		return false
	}
	return true
}

// sendPDF answers with a rendered PDF. A notice (Chinese asked for, no
// font) is logged and sent in the X-IGMC-Notice header; the PDF itself
// says it too.
func (s *Server) sendPDF(c *gin.Context, name, notice string, buf *bytes.Buffer, err error) {
	if err != nil {
		s.fail(c, err)
		return
	}
	if notice != "" {
		s.log.Warn("pdf report in English instead of Chinese", "path", c.Request.URL.Path, "font", s.pdfFont(), "notice", notice)
		c.Header("X-IGMC-Notice", notice)
	}
	sendFile(c, pdfType, name, buf.Bytes())
}

func (s *Server) pdfFont() string {
	if s.PDFFont == "" {
		return reports.DefaultPDFFont()
	}
	return s.PDFFont
}

func attachment(c *gin.Context, ctype, name string) {
	c.Header("Content-Type", ctype)
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
}

// exportMeasurementsXLSX serves GET /api/v1/exports/measurements.xlsx?framework=&zone=&history=,
// with the query and scope of the CSV export. The rows stream into the
// workbook as they are read; the workbook is sent once complete, so a
// failure is still a proper error answer.
func (s *Server) exportMeasurementsXLSX(c *gin.Context) {
	filter, history, ok := s.exportQuery(c)
	if !ok {
		return
	}
	fw := filter.Framework
	x, err := reports.NewMeasurementsXLSX(history)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.svc.ExportMeasurements(c.Request.Context(), filter, history, x.Write); err != nil {
		_ = x.Close()
		s.fail(c, err)
		return
	}
	s.streamZip(c, xlsxType, fw+"-measurements.xlsx", x.Finish)
}
