package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/reports"
)

// importData is the data of the upload page.
type importData struct {
	Framework  string
	Frameworks []indicators.Framework
	// Zones are the zones in scope, for the template chooser.
	Zones []indicators.Zone
	Year  int
	// MaxMB is the largest file the page takes, in MB.
	MaxMB int
	// Problem is what was wrong with the last upload, translated.
	Problem string
}

// importPage serves GET /import: the upload form and the template chooser;
// after an import, a summary of what it did.
func (s *Server) importPage(c *gin.Context) {
	d, err := s.importData(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	v := &View{Nav: "import", Data: d}
	if c.Query("done") == "1" {
		n := func(k string) int { i, _ := strconv.Atoi(c.Query(k)); return i }
		v.Flash = langOf(c).T("import.done", "Framework", c.Query("framework"), "Rows", n("rows"), "New", n("new"),
			"Changed", n("changed"), "Unchanged", n("unchanged"))
		if k := n("skipped"); k > 0 {
			v.Flash += " " + langOf(c).T("import.done_skipped", "N", k)
		}
	}
	s.renderView(c, http.StatusOK, "import", v)
}

func (s *Server) importData(c *gin.Context) (*importData, error) {
	ctx := c.Request.Context()
	fws, err := s.svc.ListFrameworks(ctx)
	if err != nil {
		return nil, err
	}
	all, err := s.svc.ListZones(ctx)
	if err != nil {
		return nil, err
	}
	fw := pageFramework(c)
	return &importData{Framework: fw, Frameworks: fws, Year: s.currentYear(ctx, fw), MaxMB: importMaxFile >> 20,
		Zones: visible(principalOf(c), all, func(z *indicators.Zone) string { return z.Code })}, nil
}

// importTemplate serves GET /import/template?zone=&framework=&year=&format=:
// a measurements file (CSV, or XLSX with format=xlsx) with one row per
// indicator × period of the year for the zone, quarters and months
// included, the value left empty, and the indicator's name and unit (in
// the reader's language) and last year's value as informational columns
// that the import reads past.
func (s *Server) importTemplate(c *gin.Context) {
	ctx := c.Request.Context()
	zone, fw, format := c.Query("zone"), pageFramework(c), c.DefaultQuery("format", "csv")
	var fields []indicators.FieldError
	if zone == "" {
		fields = append(fields, indicators.FieldError{Field: "zone", Code: "required", Message: "zone names the zone of the template"})
	}
	if format != "csv" && format != "xlsx" {
		fields = append(fields, indicators.FieldError{Field: "format", Code: "invalid", Message: "format must be csv or xlsx",
			Args: map[string]string{"value": indicators.Excerpt(format), "expected": "csv, xlsx"}})
	}
	if len(fields) > 0 {
		s.fail(c, indicators.FieldsError("the query is not valid", fields))
		return
	}
	if err := scope(c, zone); err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.svc.Zone(ctx, zone); err != nil {
		s.fail(c, err)
		return
	}
	cat, err := s.svc.Catalogue(ctx, fw)
	if err != nil {
		s.fail(c, err)
		return
	}
	year, ok := s.pageYear(c, fw)
	if !ok {
		return
	}
	rows, err := s.templateRows(c, cat, fw, zone, year)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := langOf(c)
	h := reports.TemplateHeader{Name: l.T("import.template.col.name"), Unit: l.T("import.template.col.unit"),
		LastYear: l.T("import.template.col.last_year", "Year", year-1)}
	name := url.PathEscape(fw+"-"+zone+"-"+strconv.Itoa(year)) + "-template." + format
	if format == "xlsx" {
		s.streamZip(c, xlsxType, name, func(out io.Writer) error { return reports.WriteTemplateXLSX(out, h, rows) })
		return
	}
	s.streamCSV(c, name, func(out io.Writer) error { return reports.WriteTemplateCSV(out, h, rows) })
}

// templateRows are the template's rows: every indicator of the catalogue
// in its order, one row per period of year at its frequency, with the
// zone's value of the same period a year earlier.
func (s *Server) templateRows(c *gin.Context, cat *indicators.Catalogue, fw, zone string, year int) ([]reports.TemplateRow, error) {
	last := map[string]float64{}
	err := s.svc.ExportMeasurements(c.Request.Context(), indicators.MeasurementFilter{Framework: fw, Zone: zone, Year: year - 1}, false,
		func(r *indicators.ExportRow) error {
			last[r.IndicatorCode+" "+r.Period] = r.Value
			return nil
		})
	if err != nil {
		return nil, err
	}
	l := langOf(c)
	var rows []reports.TemplateRow
	for _, ind := range cat.Indicators {
		f := ind.Frequency
		if f == "" {
			f = indicators.Annual
		}
		for _, p := range indicators.PeriodsOfYear(year, f) {
			r := reports.TemplateRow{Zone: zone, Indicator: ind.Code, Period: p.String(), Name: l.Name(ind.NameEn, ind.NameZh),
				Unit: l.Text(ind.Unit, ind.UnitZh)}
			prev := p
			prev.Year--
			if v, ok := last[ind.Code+" "+prev.String()]; ok {
				r.LastYear = &v
			}
			rows = append(rows, r)
		}
	}
	return rows, nil
}

// fileDigest is the hex SHA-256 of a file, shown to the user and carried
// with the confirmation.
func fileDigest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
