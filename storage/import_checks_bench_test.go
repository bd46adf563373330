package storage_test

import (
	"bufio"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/benchdata"
	"igmc/storage/storagetest"
)

// benchRules are a dozen validation rules over the generated catalogue,
// true of every value it holds (B0001 lies in 0–1, B0002 in 0–100, B0003
// in 0–1000, B0004 in 0–50000, and so on in turn), two of them errors:
// they cost what a framework's rules cost without refusing the file.
const benchRules = "code,left,operator,right,tolerance,severity,message_en,message_zh\n" +
	"b1-share,B0001,<=,1,0,error,a share,比例\n" +
	"b2-percent,B0002,<=,100,0,error,a percentage,百分比\n" +
	"b3-bound,B0003,<=,1000,0.01,warning,bounded,有界\n" +
	"b4-bound,B0004,<=,50000,0,warning,bounded,有界\n" +
	"b5-sum,B0005 + B0006,>=,0,0,warning,non-negative,非负\n" +
	"b6-scaled,B0001 * 100,<=,B0002 + 100,0,warning,scaled,换算\n" +
	"b7-ratio,B0002 / (B0002 + 1),<=,1,0,warning,ratio,比值\n" +
	"b8-diff,B0008 - B0004,<=,50000,0,warning,difference,差值\n" +
	"b9-double,B0009 * 2,>=,B0009,0,warning,double,加倍\n" +
	"b10-parts,B0010 + B0011 + B0012,>=,B0010,0,warning,parts,部分\n" +
	"b11-mean,(B0013 + B0014) / 2,<=,100,0,warning,mean,平均\n" +
	"b12-whole,B0015,<=,B0015 + B0016,0,warning,whole,整体\n"

// BenchmarkImportChecks imports the acceptance dataset twice per
// iteration, each into a fresh database — with every check on and the
// dozen rules above, and with the checks skipped — and reports both rates
// and their ratio (checks_ratio, the goal ≥ 0.8). The zones are given
// five types of 100 zones each, so that the peer check has peers. The
// random values jump from year to year: the load confirms the warnings,
// which are kept on the values as in any import. See docs/performance.md.
func BenchmarkImportChecks(b *testing.B) {
	size := benchSize(b)
	files, err := benchdata.WriteFiles(b.TempDir(), size)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range []storage.Engine{storage.SQLite, storage.Postgres} {
		b.Run(string(e), func(b *testing.B) {
			if e == storage.Postgres && os.Getenv(storagetest.EnvPostgres) == "" {
				b.Skipf("%s is not set: no PostgreSQL benchmark", storagetest.EnvPostgres)
			}
			var with, without time.Duration
			var warned int
			for b.Loop() {
				b.StopTimer()
				d, res := benchChecked(b, e, files, size, false)
				with += d
				warned = res.Warned
				d, _ = benchChecked(b, e, files, size, true)
				without += d
				b.StartTimer()
			}
			rows := float64(size.Rows() * b.N)
			b.ReportMetric(rows/with.Seconds(), "rows/s")
			b.ReportMetric(rows/without.Seconds(), "unchecked_rows/s")
			b.ReportMetric(without.Seconds()/with.Seconds(), "checks_ratio")
			b.ReportMetric(float64(warned), "warned_rows")
		})
	}
}

// BenchmarkReimportTyped loads the acceptance dataset into a store whose
// zones have five types (so that every row has peers) and the dozen rules
// above, then re-imports the same file unchanged, every check run again
// against the stored values; it reports the re-import's rate and its time
// over the first load's in the same run (reimport_vs_first).
func BenchmarkReimportTyped(b *testing.B) {
	size := benchSize(b)
	files, err := benchdata.WriteFiles(b.TempDir(), size)
	if err != nil {
		b.Fatal(err)
	}
	eachBenchEngine(b, func(b *testing.B, e storage.Engine) {
		rows := size.Rows()
		var first time.Duration
		for b.Loop() {
			b.StopTimer()
			s := typedStore(b, e, files, size)
			first += timedImport(b, s, files.Measurements, func(r indicators.ImportResult) bool { return r.New == rows })
			b.StartTimer()
			timedImport(b, s, files.Measurements, func(r indicators.ImportResult) bool { return r.Unchanged == rows })
		}
		b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
		b.ReportMetric(b.Elapsed().Seconds()/first.Seconds(), "reimport_vs_first")
	})
}

// typedStore is a fresh store with the dataset's catalogue, its zones in
// five types (every fifth zone alike), and the dozen rules.
func typedStore(b *testing.B, e storage.Engine, files benchdata.Files, size benchdata.Size) *storage.Store {
	s, _ := benchStore(b, e, files)
	zones := benchdata.Zones(size)
	for i := range zones {
		zones[i].Type = "type" + string(rune('a'+i%5))
	}
	if _, err := s.ImportZones(ctx, zones, indicators.System); err != nil {
		b.Fatal(err)
	}
	if _, err := s.ImportRules(ctx, benchdata.Framework, indicators.NewCSVRows(strings.NewReader(benchRules)), false, indicators.System); err != nil {
		b.Fatal(err)
	}
	return s
}

// benchChecked times one import of the dataset into a fresh store.
func benchChecked(b *testing.B, e storage.Engine, files benchdata.Files, size benchdata.Size, skip bool) (time.Duration, indicators.ImportResult) {
	ctx := context.Background()
	s := typedStore(b, e, files, size)
	f, err := os.Open(files.Measurements)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rd := indicators.NewCSVRows(bufio.NewReaderSize(f, 256<<10))
	storage.SkipImportChecks(skip)
	defer storage.SkipImportChecks(false)
	start := time.Now()
	res, err := s.ImportMeasurements(ctx, rd, indicators.ImportOptions{Framework: benchdata.Framework, AcceptWarnings: true})
	d := time.Since(start)
	if err != nil {
		b.Fatalf("import (checks skipped %v): %v %+v", skip, err, fieldsOf(err))
	}
	if res.New != size.Rows() {
		b.Fatalf("import: %+v", res)
	}
	return d, res
}
