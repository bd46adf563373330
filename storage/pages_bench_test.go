package storage_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/benchdata"
	"igmc/web"
)

// BenchmarkPagesAtScale times the main pages on the acceptance dataset
// (500 zones × 200 indicators × 10 years, 1,000,000 values) with 200 of
// one zone's values awaiting review, through the handler (no network),
// as an administrator, who sees every zone. "cold" drops the store's
// cache before each request: the work of the first visitor after a write.
//
//	IGMC_TEST_POSTGRES_URL=… go test ./storage/ -run '^$' -bench PagesAtScale -benchtime=5x -timeout 60m
func BenchmarkPagesAtScale(b *testing.B) {
	eachBenchEngine(b, func(b *testing.B, e storage.Engine) {
		ctx := context.Background()
		s, _, size := loadedStore(b, e)
		last := size.From + size.Years - 1
		// One zone's values of the last year, revised (a new source) and
		// submitted.
		cur, err := s.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: benchdata.Framework, Zone: benchdata.ZoneCode(0),
			Period: fmt.Sprint(last), Limit: 1000})
		if err != nil {
			b.Fatal(err)
		}
		var csv strings.Builder
		csv.WriteString("zone_code,indicator_code,period,value,source\n")
		for _, m := range cur.Items {
			fmt.Fprintf(&csv, "%s,%s,%s,%s,revised\n", m.ZoneCode, m.IndicatorCode, m.Period, indicators.FormatNumber(m.Value))
		}
		if _, err := s.ImportMeasurements(ctx, indicators.NewCSVRows(strings.NewReader(csv.String())),
			indicators.ImportOptions{Framework: benchdata.Framework, Status: indicators.Submitted, By: indicators.System}); err != nil {
			b.Fatal(err)
		}
		if _, err := s.CreateUser(ctx, indicators.UserInput{Email: "pages@example.org", Role: indicators.RoleAdmin, Password: "bench password"}, indicators.System); err != nil {
			b.Fatal(err)
		}
		p, err := s.Authenticate(ctx, "pages@example.org", "bench password", "bench")
		if err != nil {
			b.Fatal(err)
		}
		_, token, err := s.CreateToken(ctx, p, "bench")
		if err != nil {
			b.Fatal(err)
		}
		all, err := s.ListMeasurements(ctx, indicators.MeasurementFilter{Limit: 1})
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%d values, %d awaiting review", all.Total, len(cur.Items))
		h := web.New(s, slog.New(slog.DiscardHandler)).Handler()
		fw := "framework=" + benchdata.Framework
		z := benchdata.ZoneCode(0)
		for _, page := range []struct{ name, path string }{
			{"home", "/?" + fw},
			{"catalogue", "/catalogue?" + fw},
			{"scorecard", fmt.Sprintf("/zones/%s/scorecard?%s&year=%d", z, fw, last)},
			{"progress", fmt.Sprintf("/zones/%s/progress?%s&year=%d", z, fw, last)},
			{"compare", fmt.Sprintf("/compare?%s&year=%d", fw, last)},
			{"entry", fmt.Sprintf("/zones/%s/entry?%s&year=%d", z, fw, last)},
			{"review", "/review?" + fw},
			{"audit", "/audit"},
		} {
			for _, cold := range []bool{false, true} {
				name := page.name + "/warm"
				if cold {
					name = page.name + "/cold"
				}
				b.Run(name, func(b *testing.B) {
					get := func() {
						req := httptest.NewRequest(http.MethodGet, page.path, nil)
						req.Header.Set("Authorization", "Bearer "+token)
						rec := httptest.NewRecorder()
						h.ServeHTTP(rec, req)
						if rec.Code != http.StatusOK {
							b.Fatalf("%s: status %d: %.300s", page.path, rec.Code, rec.Body.String())
						}
					}
					get()
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						if cold {
							b.StopTimer()
							s.DropCache()
							b.StartTimer()
						}
						get()
					}
					b.ReportMetric(float64(b.Elapsed().Microseconds())/1e3/float64(b.N), "ms/op")
				})
			}
		}
	})
}
