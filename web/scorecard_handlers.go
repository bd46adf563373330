package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/reports"
	"igmc/scoring"
)

// scorecardQuery reads year and status.
func scorecardQuery(c *gin.Context) (year int, basis scoring.Basis, err error) {
	var fields []indicators.FieldError
	year, yerr := indicators.ParseYear(c.Query("year"))
	fields = append(fields, indicators.FieldsOf(yerr)...)
	basis, berr := reports.BasisOf(c.Query("status"))
	fields = append(fields, indicators.FieldsOf(berr)...)
	if len(fields) > 0 {
		return 0, "", indicators.FieldsError("the query is not valid", fields)
	}
	return year, basis, nil
}

// scorecardRequest checks the zone's scope and reads framework, year and
// status of a scorecard request; on a problem it answers and returns false.
func (s *Server) scorecardRequest(c *gin.Context) (string, int, scoring.Basis, bool) {
	if err := scope(c, c.Param("zone")); err != nil {
		s.fail(c, err)
		return "", 0, "", false
	}
	year, basis, err := scorecardQuery(c)
	if err != nil {
		s.fail(c, err)
		return "", 0, "", false
	}
	return c.DefaultQuery("framework", indicators.IGMC.Code), year, basis, true
}

// scorecardShow serves GET /api/v1/zones/{zone}/scorecard?framework=&year=&status=.
func (s *Server) scorecardShow(c *gin.Context) {
	fw, year, basis, ok := s.scorecardRequest(c)
	if !ok {
		return
	}
	card, err := s.svc.Scorecard(c.Request.Context(), fw, c.Param("zone"), year, basis)
	if err != nil {
		s.fail(c, err)
		return
	}
	e, err := s.cards.entry(&card)
	if err != nil {
		s.fail(c, err)
		return
	}
	// The permission was checked and the request is logged as any other;
	// only the bytes are spared: a client that has this card answers to
	// its ETag with 304, and one that takes gzip gets the card compressed
	// once for every request. The header values were made with the card
	// and are assigned under their canonical names.
	h := c.Writer.Header()
	h["Etag"] = e.etagValue
	if v := h["Vary"]; v == nil {
		h["Vary"] = varyAcceptEncoding
	} else {
		h["Vary"] = append(v, "Accept-Encoding")
	}
	rh := c.Request.Header
	if inm := rh["If-None-Match"]; len(inm) > 0 && inm[0] != "" && etagMatches(inm[0], e.etag) {
		c.Status(http.StatusNotModified)
		return
	}
	body, length := e.body, e.length
	if ae := rh["Accept-Encoding"]; len(ae) > 0 && acceptsGzip(ae[0]) {
		if gz := e.gzipped(); gz != nil {
			h["Content-Encoding"] = gzipEncoding
			body, length = gz, e.gzLength
		}
	}
	// With its length given the answer goes out in one write, not as
	// chunks through the response's 4 KB buffer.
	h["Content-Length"] = length
	h["Content-Type"] = jsonContentType
	c.Writer.WriteHeader(http.StatusOK)
	_, _ = c.Writer.Write(body)
}

// The scorecard's fixed header values, made once.
var (
	varyAcceptEncoding = oneValue("Accept-Encoding")
	gzipEncoding       = oneValue("gzip")
	jsonContentType    = oneValue("application/json; charset=utf-8")
)

// rankingShow serves GET /api/v1/frameworks/{fw}/ranking?year=&status=:
// every zone by index, then coverage.
func (s *Server) rankingShow(c *gin.Context) {
	fw := c.Param("fw")
	year, basis, err := scorecardQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	all, err := s.svc.Ranking(c.Request.Context(), fw, year, basis)
	if err != nil {
		s.fail(c, err)
		return
	}
	rows := visible(principalOf(c), all, func(r *scoring.RankRow) string { return r.Zone })
	c.JSON(http.StatusOK, ranking{Framework: fw, Year: year, Basis: basis, MethodVersion: scoring.MethodVersion,
		list: list[scoring.RankRow]{Items: rows, Total: int64(len(rows))}})
}

// ranking is the list shape of a ranking, with what it ranks by.
type ranking struct {
	Framework     string        `json:"framework"`
	Year          int           `json:"year"`
	Basis         scoring.Basis `json:"basis"`
	MethodVersion string        `json:"method_version"`
	list[scoring.RankRow]
}

// scorecardCSV serves GET /api/v1/zones/{zone}/scorecard.csv, with the
// query of the JSON scorecard.
func (s *Server) scorecardCSV(c *gin.Context) {
	o, ok := s.csvOptions(c)
	if !ok {
		return
	}
	s.scorecardExport(c, "csv", "", func(w io.Writer, card *scoring.Card, cat *indicators.Catalogue) error {
		return reports.WriteScorecardCSVWith(w, card, cat, o)
	})
}

// scorecardXLSX serves GET /api/v1/zones/{zone}/scorecard.xlsx, with the
// query of the JSON scorecard.
func (s *Server) scorecardXLSX(c *gin.Context) {
	s.scorecardExport(c, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", reports.WriteScorecardXLSX)
}

// scorecardExport reads the scorecard query, makes the card once and
// sends it through encode as an attachment named zone-framework-year-basis:
// a CSV streamed, a workbook whole.
func (s *Server) scorecardExport(c *gin.Context, ext, ctype string, encode func(io.Writer, *scoring.Card, *indicators.Catalogue) error) {
	fw, year, basis, ok := s.scorecardRequest(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	card, err := s.svc.Scorecard(ctx, fw, c.Param("zone"), year, basis)
	if err != nil {
		s.fail(c, err)
		return
	}
	cat, err := s.svc.Catalogue(ctx, fw)
	if err != nil {
		s.fail(c, err)
		return
	}
	name := fmt.Sprintf("%s-%s-%d-%s.%s", card.Zone, card.Framework, card.Year, card.Basis, ext)
	if ext == "csv" {
		s.streamCSV(c, name, func(w io.Writer) error { return encode(w, &card, cat) })
		return
	}
	var buf bytes.Buffer
	if err := encode(&buf, &card, cat); err != nil {
		s.fail(c, err)
		return
	}
	sendFile(c, ctype, name, buf.Bytes())
}
