package reports

import (
	"bufio"
	"context"
	"io"
	"strconv"
	"strings"

	"igmc/indicators"
)

// SDMX (docs/open-data.md): the values of a framework as SDMX-CSV 1.0 and
// the data structure that describes them as an SDMX-ML 2.1 structure
// message. The two name their codes the same way, through the functions
// below, so every code of the CSV is in the structure.

// The SDMX artefacts' agency and version. Frameworks' own versions
// ("3.0-pilot") are not SDMX versions, so every artefact is 1.0.
const (
	SDMXAgency  = "IGMC"
	SDMXVersion = "1.0"
)

// SDMXColumns is the SDMX-CSV header: the dataflow, the dimensions, the
// time, the observation and the attributes.
var SDMXColumns = []string{"DATAFLOW", "REF_AREA", "INDICATOR", "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS"}

// The OBS_STATUS codes used, from SDMX's cross-domain code list
// CL_OBS_STATUS.
const (
	ObsNormal      = "A"
	ObsEstimated   = "E"
	ObsProvisional = "P"
)

// obsStatusNames names the OBS_STATUS codes used, as the code list does.
var obsStatusNames = []struct{ code, en, zh string }{
	{ObsNormal, "Normal value", "正常值"},
	{ObsEstimated, "Estimated value", "估计值"},
	{ObsProvisional, "Provisional value", "临时值"},
}

// ObsStatus maps a value's workflow status and quality to OBS_STATUS: an
// approved value is normal (A), or estimated (E) when its quality is
// estimate or modelled; a value not yet approved (draft or submitted) is
// provisional (P). A rejected value is not exported: ok is false.
func ObsStatus(st indicators.Status, q indicators.Quality) (code string, ok bool) {
	switch st {
	case indicators.Approved:
		if q.Estimated() {
			return ObsEstimated, true
		}
		return ObsNormal, true
	case indicators.Draft, indicators.Submitted:
		return ObsProvisional, true
	}
	return "", false
}

// SDMXID turns one of our codes into an SDMX identifier, which allows
// letters, digits, _, @, $ and -: any other character (the dot of a code
// such as "ENV.01") becomes _.
func SDMXID(code string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '@', r == '$', r == '-':
			return r
		}
		return '_'
	}, code)
}

// SDMXDataflow is a framework's dataflow as SDMX-CSV's first column
// writes it: agency:id(version).
func SDMXDataflow(framework string) string {
	return SDMXAgency + ":" + sdmxFlowID(framework) + "(" + SDMXVersion + ")"
}

func sdmxFlowID(framework string) string { return strings.ToUpper(SDMXID(framework)) }

// UnitCode is the UNIT_MEASURE code of a unit: its text in capitals, "%"
// as PCT, "/" as _PER_, superscripts as digits, spaces between digits
// dropped and any other run of characters as one _; NONE for no unit.
func UnitCode(unit string) string {
	var b strings.Builder
	rs := []rune(strings.TrimSpace(unit))
	under := func() {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
			b.WriteByte('_')
		}
	}
	for i, r := range rs {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '²':
			b.WriteByte('2')
		case r == '³':
			b.WriteByte('3')
		case r == 'µ' || r == 'μ':
			b.WriteByte('U')
		case r == '%':
			under()
			b.WriteString("PCT")
		case r == '/':
			under()
			b.WriteString("PER_")
		case r == ' ' && i > 0 && i+1 < len(rs) && isDigitRune(rs[i-1]) && isDigitRune(rs[i+1]):
		default:
			under()
		}
	}
	s := strings.Trim(b.String(), "_")
	if s == "" {
		return "NONE"
	}
	return s
}

func isDigitRune(r rune) bool { return r >= '0' && r <= '9' }

// SDMXSource is what the SDMX files read.
type SDMXSource interface {
	Framework(ctx context.Context, code string) (indicators.Framework, error)
	Catalogue(ctx context.Context, framework string) (*indicators.Catalogue, error)
	ListZones(ctx context.Context) ([]indicators.Zone, error)
	MeasurementSource
}

// WriteSDMXCSV streams the current values of framework (of one year, or
// every year when year is 0) of the zones given (nil: every zone) as
// SDMX-CSV 1.0, one row per value, rejected values left out.
func WriteSDMXCSV(ctx context.Context, svc SDMXSource, w io.Writer, framework string, year int, zones []string) error {
	cat, err := svc.Catalogue(ctx, framework)
	if err != nil {
		return err
	}
	units := make(map[string]string, len(cat.Indicators))
	for _, ind := range cat.Indicators {
		units[ind.Code] = UnitCode(ind.Unit)
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	flow := SDMXDataflow(framework)
	buf := make([]byte, 0, 128)
	for i, c := range SDMXColumns {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, c...)
	}
	if _, err := bw.Write(append(buf, '\n')); err != nil {
		return err
	}
	f := indicators.MeasurementFilter{Framework: framework, Zones: zones}
	err = svc.ExportMeasurements(ctx, f, false, func(r *indicators.ExportRow) error {
		status, ok := ObsStatus(r.Status, r.Quality)
		if !ok || (year != 0 && !strings.HasPrefix(r.Period, strconv.Itoa(year))) {
			return nil
		}
		// Codes and periods are SDMX identifiers and numbers: none needs
		// quoting.
		b := append(buf[:0], flow...)
		b = append(b, ',')
		b = append(b, SDMXID(r.ZoneCode)...)
		b = append(b, ',')
		b = append(b, SDMXID(r.IndicatorCode)...)
		b = append(b, ',')
		b = append(b, r.Period...)
		b = append(b, ',')
		b = strconv.AppendFloat(b, r.Value, 'f', -1, 64)
		b = append(b, ',')
		b = append(b, units[r.IndicatorCode]...)
		b = append(b, ',')
		b = append(b, status...)
		b = append(b, '\n')
		buf = b
		_, err := bw.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}
