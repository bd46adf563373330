// Package benchdata generates the synthetic catalogue, zones and
// measurements files that the import benchmark and the igmcgen command use,
// so that the performance figures in docs/performance.md can be repeated on
// any machine. The files are in the tracker's own import formats and every
// value is valid, so an import of them exercises the whole happy path.
// Output is deterministic for a given Size and streamed row by row: a
// million-row file is never held in memory.
package benchdata

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"

	"igmc/indicators"
)

// Size says how big the generated data is and which random values it holds.
type Size struct {
	Zones      int
	Indicators int
	Years      int
	From       int // first year
	Seed       uint64
	// Types is how many zone types the zones take in turn (type-1,
	// type-2, …), so that the peer check has peers; 0 leaves every zone
	// without one.
	Types int
}

// Default is the dataset of the acceptance criteria: 500 zones × 200 annual
// indicators × 10 years = 1,000,000 measurements.
var Default = Size{Zones: 500, Indicators: 200, Years: 10, From: 2011, Seed: 1}

// Rows is the number of measurement rows the size gives.
func (s Size) Rows() int { return s.Zones * s.Indicators * s.Years }

// Validate refuses sizes that cannot make a valid dataset.
func (s Size) Validate() error {
	switch {
	case s.Zones < 1 || s.Zones > 9999:
		return fmt.Errorf("benchdata: zones must be between 1 and 9999 (got %d)", s.Zones)
	case s.Indicators < 1 || s.Indicators > 9999:
		return fmt.Errorf("benchdata: indicators must be between 1 and 9999 (got %d)", s.Indicators)
	case s.Types < 0 || s.Types > 99:
		return fmt.Errorf("benchdata: types must be between 0 and 99 (got %d)", s.Types)
	case s.Years < 1 || !indicators.ValidYear(s.From) || !indicators.ValidYear(s.From+s.Years-1):
		return fmt.Errorf("benchdata: years %d..%d are outside %d..%d", s.From, s.From+s.Years-1, indicators.MinYear, indicators.MaxYear)
	}
	return nil
}

// Framework is the code the generated catalogue is meant to be imported as.
const Framework = "bench"

// Points is the total the indicators' points add up to, as in the IGMC
// framework.
const Points = 320

var perspectives = []indicators.Perspective{
	{Code: "space", NameEn: "Space", NameZh: "空间", Weight: 1},
	{Code: "environment", NameEn: "Environment", NameZh: "环境", Weight: 1},
	{Code: "energy", NameEn: "Energy", NameZh: "能源", Weight: 1},
	{Code: "transport", NameEn: "Transport", NameZh: "交通", Weight: 1},
	{Code: "economy", NameEn: "Economy", NameZh: "经济", Weight: 1},
	{Code: "society", NameEn: "Society", NameZh: "社会", Weight: 1},
}

// scales vary the indicators' magnitudes so values are not all alike.
var scales = []float64{1, 100, 1000, 50000}

// IndicatorCode names indicator i (0-based).
func IndicatorCode(i int) string { return fmt.Sprintf("B%04d", i+1) }

// ZoneCode names zone i (0-based): Z0001, Z0002, …
func ZoneCode(i int) string { return fmt.Sprintf("Z%04d", i+1) }

// Catalogue builds the framework: six perspectives and s.Indicators annual
// indicators spread over them in turn, half higher-is-better and half
// lower-is-better, with min and max bounding every generated value and
// points adding up to 320.
func Catalogue(s Size) *indicators.Catalogue {
	cat := &indicators.Catalogue{Perspectives: append([]indicators.Perspective(nil), perspectives...)}
	// Points in hundredths, so they add up exactly to the total.
	base, extra := Points*100/s.Indicators, Points*100%s.Indicators
	for i := range s.Indicators {
		scale := scales[i%len(scales)]
		best, worst := scale, 0.0
		if i%2 == 1 {
			best, worst = 0, scale
		}
		hundredths := base
		if i < extra {
			hundredths++
		}
		lo, hi := 0.0, scale
		cat.Indicators = append(cat.Indicators, indicators.Indicator{
			Code:            IndicatorCode(i),
			PerspectiveCode: perspectives[i%len(perspectives)].Code,
			NameEn:          fmt.Sprintf("Benchmark indicator %d", i+1),
			NameZh:          fmt.Sprintf("基准指标 %d", i+1),
			Unit:            "unit",
			Frequency:       indicators.Annual,
			Aggregation:     indicators.Last,
			Best:            &best,
			Worst:           &worst,
			Weight:          1,
			Points:          float64(hundredths) / 100,
			Min:             &lo,
			Max:             &hi,
			Source:          "benchdata",
		})
	}
	return cat
}

// WriteCatalogue writes the catalogue file of s.
func WriteCatalogue(w io.Writer, s Size) error {
	return indicators.WriteCatalogue(w, Catalogue(s))
}

// Zones lists the zones of s: Z0001 "Zone 1" / "区域 1", …
func Zones(s Size) []indicators.Zone {
	zones := make([]indicators.Zone, s.Zones)
	for i := range zones {
		zones[i] = indicators.Zone{Code: ZoneCode(i), NameEn: fmt.Sprintf("Zone %d", i+1), NameZh: fmt.Sprintf("区域 %d", i+1)}
		if s.Types > 0 {
			zones[i].Type = fmt.Sprintf("type-%d", i%s.Types+1)
		}
	}
	return zones
}

// WriteZones writes the zones file of s.
func WriteZones(w io.Writer, s Size) error {
	cw := indicators.NewCSVWriter(w)
	if err := cw.Write(indicators.ZoneColumns); err != nil {
		return err
	}
	for _, z := range Zones(s) {
		if err := cw.Write([]string{z.Code, z.NameEn, z.NameZh, z.ParentCode, z.Type}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteMeasurements writes the measurements file of s, zone by zone, then
// indicator by indicator, then year by year. Values have two decimals and
// lie between the indicator's min and max; one row in eight has a comment.
func WriteMeasurements(w io.Writer, s Size) error {
	rng := rand.New(rand.NewPCG(s.Seed, s.Seed^0x9e3779b97f4a7c15))
	cw := indicators.NewCSVWriter(w)
	// The optional quality and explain columns are left out: every value
	// is administrative and none explains anything.
	cols := indicators.MeasurementColumns[:6]
	if err := cw.Write(cols); err != nil {
		return err
	}
	indCodes := make([]string, s.Indicators)
	for i := range indCodes {
		indCodes[i] = IndicatorCode(i)
	}
	years := make([]string, s.Years)
	for y := range years {
		years[y] = strconv.Itoa(s.From + y)
	}
	rec := make([]string, len(cols))
	var num []byte
	for z := range s.Zones {
		zc := ZoneCode(z)
		for i, ic := range indCodes {
			scale := scales[i%len(scales)]
			for _, y := range years {
				v := float64(rng.IntN(int(scale)*100+1)) / 100
				num = strconv.AppendFloat(num[:0], v, 'f', -1, 64)
				comment := ""
				if rng.IntN(8) == 0 {
					comment = "estimated"
				}
				rec[0], rec[1], rec[2], rec[3], rec[4], rec[5] = zc, ic, y, string(num), "benchdata", comment
				if err := cw.Write(rec); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// Files are the paths of a generated dataset.
type Files struct {
	Catalogue    string
	Zones        string
	Measurements string
}

// WriteFiles writes catalogue.csv, zones.csv and measurements.csv of s into
// dir, which must exist.
func WriteFiles(dir string, s Size) (Files, error) {
	if err := s.Validate(); err != nil {
		return Files{}, err
	}
	f := Files{
		Catalogue:    filepath.Join(dir, "catalogue.csv"),
		Zones:        filepath.Join(dir, "zones.csv"),
		Measurements: filepath.Join(dir, "measurements.csv"),
	}
	for _, out := range []struct {
		path  string
		write func(io.Writer, Size) error
	}{{f.Catalogue, WriteCatalogue}, {f.Zones, WriteZones}, {f.Measurements, WriteMeasurements}} {
		if err := writeFile(out.path, s, out.write); err != nil {
			return Files{}, err
		}
	}
	return f, nil
}

func writeFile(path string, s Size, write func(io.Writer, Size) error) error {
	file, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("benchdata: %w", err)
	}
	bw := bufio.NewWriterSize(file, 256<<10)
	err = write(bw, s)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("benchdata: write %s: %w", path, err)
	}
	return nil
}
