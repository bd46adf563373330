package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"igmc/storage"
)

// BenchmarkScorecardAPIChain times one request of the JSON scorecard
// through the whole middleware chain and the handler, in process, with a
// writer that drops the bytes: what the server spends per request besides
// the socket, which wrk's figure mixes with the writing and with wrk's own
// reading on the same cores. The card comes from the caches, as it does
// under load.
//
//	go test ./web/ -run '^$' -bench ScorecardAPIChain -benchtime=50000x
func BenchmarkScorecardAPIChain(b *testing.B) {
	h, _, secret := demoAuditor(b, storage.SQLite)
	for _, v := range []struct{ name, encoding string }{{"gzip", "gzip"}, {"plain", ""}} {
		b.Run(v.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/api/v1/zones/LY/scorecard?framework=igmc&year=2019", nil)
			req.Header.Set("Authorization", "Bearer "+secret)
			if v.encoding != "" {
				req.Header.Set("Accept-Encoding", v.encoding)
			}
			w := &droppingWriter{}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				// A new header map each time, as net/http makes one per
				// request.
				w.h, w.status = http.Header{}, 0
				h.ServeHTTP(w, req)
				if w.status != http.StatusOK {
					b.Fatalf("status %d", w.status)
				}
			}
		})
	}
}

// droppingWriter is a ResponseWriter that keeps the status and drops the
// body.
type droppingWriter struct {
	h      http.Header
	status int
}

func (w *droppingWriter) Header() http.Header { return w.h }

func (w *droppingWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *droppingWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(p), nil
}
