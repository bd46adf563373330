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

// importTemplate serves GET /import/template?zone=&framework=&year=: a
// measurements file with one row per annual indicator of the framework
// for the zone and year, the value left empty.
func (s *Server) importTemplate(c *gin.Context) {
	ctx := c.Request.Context()
	zone, fw := c.Query("zone"), pageFramework(c)
	if zone == "" {
		s.fail(c, indicators.FieldsError("the query is not valid", []indicators.FieldError{{Field: "zone", Code: "required", Message: "zone names the zone of the template"}}))
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
	period := strconv.Itoa(year)
	s.streamCSV(c, url.PathEscape(fw+"-"+zone+"-"+period)+"-template.csv", func(out io.Writer) error {
		w := indicators.NewCSVWriter(out)
		_ = w.Write(indicators.MeasurementColumns)
		for _, ind := range cat.Indicators {
			if ind.Frequency == indicators.Annual || ind.Frequency == "" {
				_ = w.Write([]string{zone, ind.Code, period, "", "", ""})
			}
		}
		w.Flush()
		return w.Error()
	})
}

// fileDigest is the hex SHA-256 of a file, shown to the user and carried
// with the confirmation.
func fileDigest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
