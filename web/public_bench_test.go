package web_test

import (
	"bufio"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"igmc/indicators"
	"igmc/reports"
	"igmc/storage"
	"igmc/storage/benchdata"
	"igmc/storage/storagetest"
	"igmc/web"
)

// publicBenchStore is a fresh store with a generated dataset of size,
// every value approved, its framework published.
func publicBenchStore(b *testing.B, e storage.Engine, size benchdata.Size) *storage.Store {
	b.Helper()
	ctx := context.Background()
	s := storagetest.Open(b, e)
	files, err := benchdata.WriteFiles(b.TempDir(), size)
	if err != nil {
		b.Fatal(err)
	}
	open := func(path string) *indicators.CSVRows {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { f.Close() })
		return indicators.NewCSVRows(bufio.NewReaderSize(f, 256<<10))
	}
	cat, err := indicators.ReadCatalogue(open(files.Catalogue))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.ImportCatalogue(ctx, indicators.Framework{Code: benchdata.Framework}, cat, indicators.System); err != nil {
		b.Fatal(err)
	}
	zones, err := indicators.ReadZones(open(files.Zones))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.ImportZones(ctx, zones, indicators.System); err != nil {
		b.Fatal(err)
	}
	if _, err := s.ImportMeasurements(ctx, open(files.Measurements),
		indicators.ImportOptions{Framework: benchdata.Framework, Status: indicators.Approved, AcceptWarnings: true}); err != nil {
		var e *indicators.Error
		if errors.As(err, &e) && len(e.Fields) > 0 {
			b.Fatalf("%v: first %+v", err, e.Fields[0])
		}
		b.Fatal(err)
	}
	if _, err := s.SetPublicMode(ctx, benchdata.Framework, indicators.PublishApproved, indicators.System); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkPublicIndicatorPage times one indicator's public page (chart
// and medians over every zone, the table of its first page of zones over
// the years) with 500 zones × 20
// indicators × 10 years approved. "served" is through the handler as
// every visitor after the first gets it (the page kept since the last
// write); "made" makes the page from the site's cards as the first
// visitor after a write to another page does; "cold" drops every cache
// first, so every zone's cards are read and scored again. Goal: made and
// served ≤ 20 ms.
//
//	go test ./web/ -run '^$' -bench PublicIndicatorPage -benchtime=50x
func BenchmarkPublicIndicatorPage(b *testing.B) {
	for _, e := range storagetest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			size := benchdata.Default
			size.Indicators = 20
			s := publicBenchStore(b, e, size)
			h := web.New(s, slog.New(slog.DiscardHandler)).Handler()
			path := "/public/" + benchdata.Framework + "/zh/indicators/" + benchdata.IndicatorCode(3) + "/index.html"
			get := func() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %.300s", rec.Code, rec.Body.String())
				}
			}
			for _, v := range []string{"served", "made", "cold"} {
				b.Run(v, func(b *testing.B) {
					get()
					site, err := reports.LoadPublicSite(context.Background(), s, benchdata.Framework)
					if err != nil {
						b.Fatal(err)
					}
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						switch v {
						case "made":
							if _, _, err := site.File(context.Background(), "zh/indicators/"+benchdata.IndicatorCode(3)+"/index.html"); err != nil {
								b.Fatal(err)
							}
							continue
						case "cold":
							b.StopTimer()
							s.DropCache()
							b.StartTimer()
						}
						get()
					}
					b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/page")
				})
			}
		})
	}
}

// BenchmarkPublishSite writes the public site of the acceptance dataset
// (500 zones × 200 indicators × 10 years, 1,000,000 approved values; zones
// shrunk by IGMC_BENCH_ZONES) from a cold cache. Goal: ≤ 60 s. Run once:
//
//	go test ./web/ -run '^$' -bench PublishSite -benchtime=1x -timeout 60m
func BenchmarkPublishSite(b *testing.B) {
	for _, e := range storagetest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			size := benchdata.Default
			if v := os.Getenv("IGMC_BENCH_ZONES"); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil {
					b.Fatal(err)
				}
				size.Zones = n
			}
			s := publicBenchStore(b, e, size)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				s.DropCache()
				dir := filepath.Join(b.TempDir(), "site"+strconv.Itoa(i))
				b.StartTimer()
				start := time.Now()
				n, err := reports.PublishSite(context.Background(), s, benchdata.Framework, dir)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(n), "files")
				b.ReportMetric(time.Since(start).Seconds(), "s/publish")
			}
		})
	}
}
