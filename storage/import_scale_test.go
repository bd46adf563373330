package storage_test

import (
	"bufio"
	"os"
	"sync"
	"testing"
	"time"

	"igmc/indicators"
	"igmc/storage/benchdata"
	"igmc/storage/storagetest"
)

// EnvScaleTests turns on the tests at the acceptance scale (a 1,000,000-row
// import each), which plain `go test` and -short skip.
const EnvScaleTests = "IGMC_SCALE_TESTS"

// signalRows passes a file's rows through and closes reached after the
// first `after` data rows, when the import is demonstrably under way.
type signalRows struct {
	rd      indicators.RowReader
	after   int
	n       int
	reached chan struct{}
	once    sync.Once
}

func (r *signalRows) Next() (int, []string, error) {
	line, rec, err := r.rd.Next()
	if r.n++; r.n == r.after+1 {
		r.once.Do(func() { close(r.reached) })
	}
	return line, rec, err
}

// TestSignInDuringMillionRowImport: a sign-in (password check at the tests'
// bcrypt cost — the default cost adds CPU time only, which no lock
// affects —, new session, session resolved) started once a
// 1,000,000-row import of the benchmark dataset has read its first 50,000
// rows answers in under a second, on each engine, while the import is
// still running. The figures are in docs/performance.md.
func TestSignInDuringMillionRowImport(t *testing.T) {
	if testing.Short() || os.Getenv(EnvScaleTests) != "1" {
		t.Skipf("set %s=1 (and no -short) to run the 1,000,000-row import", EnvScaleTests)
	}
	size := benchSize(t)
	files, err := benchdata.WriteFiles(t.TempDir(), size)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range storagetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			s, _ := benchStore(t, e, files)
			const email, password = "officer@bench.example", "a long enough password"
			if _, err := s.CreateUser(ctx, indicators.UserInput{Email: email, Role: indicators.RoleAdmin, Password: password}, indicators.System); err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(files.Measurements)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rd := &signalRows{rd: indicators.NewCSVRows(bufio.NewReaderSize(f, 256<<10)), after: 50000, reached: make(chan struct{})}
			done := make(chan error, 1)
			began := time.Now()
			go func() {
				_, err := s.ImportMeasurements(ctx, rd, indicators.ImportOptions{Framework: benchdata.Framework})
				done <- err
			}()
			select {
			case <-rd.reached:
			case err := <-done:
				t.Fatalf("the import ended before 50,000 rows: %v", err)
			}
			start := time.Now()
			p, err := s.Authenticate(ctx, email, password, "192.0.2.1")
			if err != nil {
				t.Fatal(err)
			}
			secret, _, err := s.CreateSession(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.SessionPrincipal(ctx, secret); err != nil {
				t.Fatal(err)
			}
			took := time.Since(start)
			select {
			case err := <-done:
				t.Fatalf("the import ended (%v) before the sign-in did: nothing was measured during it", err)
			default:
			}
			if err := <-done; err != nil {
				t.Fatalf("import: %v", err)
			}
			t.Logf("%s: sign-in took %v during an import of %d rows that took %v", e, took, size.Rows(), time.Since(began))
			if took >= time.Second {
				t.Fatalf("sign-in took %v during the import, want under 1 s", took)
			}
		})
	}
}
