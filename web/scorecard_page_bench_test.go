package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
	"igmc/web"
)

// BenchmarkScorecardPage times the scorecard page of the demo zone for
// 2019 (seven years of charts, 48 indicator histories) through the
// handler, on SQLite and (with IGMC_TEST_POSTGRES_URL) PostgreSQL, without
// a network in between. "warm" serves the
// cards from the store's cache as a second visitor would; "cold" drops the
// cache before each request, so every card of the series is computed.
//
//	go test ./web/ -run '^$' -bench ScorecardPage -benchtime=200x
func BenchmarkScorecardPage(b *testing.B) {
	for _, e := range storagetest.Engines() {
		b.Run(string(e), func(b *testing.B) { benchScorecardPage(b, e) })
	}
}

// demoAuditor is the server's handler over a fresh store of e with the
// demo loaded, and the API token of an auditor on it.
func demoAuditor(b *testing.B, e storage.Engine) (http.Handler, *storage.Store, string) {
	b.Helper()
	ctx := context.Background()
	s := storagetest.Open(b, e)
	if _, _, err := s.LoadDemo(ctx, indicators.System); err != nil {
		b.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, indicators.UserInput{Email: "bench@example.org", Role: indicators.RoleAuditor, Password: "correct horse battery"}, indicators.System); err != nil {
		b.Fatal(err)
	}
	p, err := s.Authenticate(ctx, "bench@example.org", "correct horse battery", "bench")
	if err != nil {
		b.Fatal(err)
	}
	_, secret, err := s.CreateToken(ctx, p, "bench")
	if err != nil {
		b.Fatal(err)
	}
	return web.New(s, slog.New(slog.DiscardHandler)).Handler(), s, secret
}

func benchScorecardPage(b *testing.B, e storage.Engine) {
	h, s, secret := demoAuditor(b, e)
	get := func(b *testing.B, path string) {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %.300s", rec.Code, rec.Body.String())
		}
	}
	// api-json is the baseline: the same year's scorecard from the JSON
	// API, from the cache.
	for _, v := range []struct {
		name, path string
		cold       bool
	}{
		{"page-warm", "/zones/LY/scorecard?year=2019", false},
		{"page-cold", "/zones/LY/scorecard?year=2019", true},
		{"api-json", "/api/v1/zones/LY/scorecard?year=2019", false},
	} {
		b.Run(v.name, func(b *testing.B) {
			get(b, v.path) // fill the caches
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if v.cold {
					b.StopTimer()
					s.DropCache()
					b.StartTimer()
				}
				get(b, v.path)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e6/float64(b.N), "ms/op")
		})
	}
}
