package main

import (
	"bufio"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"igmc/storage"
	"igmc/storage/storagetest"
)

// BenchmarkServeStartup builds igmc and times, from exec to the
// "listening" line on standard output, `igmc serve` on an existing
// database (migrated and seeded by a first run): SQLite in the data
// folder, and a fresh PostgreSQL database when IGMC_TEST_POSTGRES_URL is
// set. It reports the times as ms/listen and ms/ready; it asserts nothing
// about them, the machine's load decides.
//
// IGMC_BENCH_BASE_BIN names an earlier igmc binary to time beside it.
//
//	go test ./cmd/igmc/ -run '^$' -bench ServeStartup -benchtime=20x
func BenchmarkServeStartup(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "igmc")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	bins := map[string]string{"": bin}
	if base := os.Getenv("IGMC_BENCH_BASE_BIN"); base != "" {
		bins["-base"] = base // an earlier build, timed in the same run
	}
	for _, e := range storagetest.Engines() {
		for _, suffix := range []string{"", "-base"} {
			if bins[suffix] == "" {
				continue
			}
			b.Run(string(e)+suffix, func(b *testing.B) {
				data := b.TempDir()
				dbURL := ""
				if e == storage.Postgres {
					dbURL = storagetest.URL(b, e)
				}
				benchListen(b, bins[suffix], append(os.Environ(), "IGMC_DATA_DIR="+data, "IGMC_DATABASE_URL="+dbURL, "IGMC_ADDR=127.0.0.1:0",
					"IGMC_ADMIN_EMAIL=admin@example.org", "IGMC_ADMIN_PASSWORD="+testPassword))
			})
		}
	}
}

// benchListen times bin serve with env from exec to listening
// (ms/listen) and to its first answer, a 200 from /healthz (ms/ready): a
// request sent as soon as the address is bound waits in the listen queue
// until the store is open.
func benchListen(b *testing.B, bin string, env []string) {
	listen := func() (time.Duration, time.Duration) {
		cmd := exec.Command(bin, "serve")
		cmd.Env = env
		out, err := cmd.StdoutPipe()
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		defer func() {
			_ = cmd.Process.Signal(os.Interrupt)
			_ = cmd.Wait()
		}()
		sc := bufio.NewScanner(out)
		var took time.Duration
		addr := ""
		for sc.Scan() {
			if _, a, ok := strings.Cut(sc.Text(), "listening on "); ok {
				took, addr = time.Since(start), a
				break
			}
		}
		if took == 0 {
			b.Fatal("igmc serve ended without listening")
		}
		cl := &http.Client{Timeout: 30 * time.Second}
		resp, err := cl.Get(addr + "/healthz")
		if err != nil {
			b.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("/healthz: status %d", resp.StatusCode)
		}
		return took, time.Since(start)
	}
	listen() // the first run makes the database
	var total, ready time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l, r := listen()
		total += l
		ready += r
	}
	b.ReportMetric(float64(total.Microseconds())/1e3/float64(b.N), "ms/listen")
	b.ReportMetric(float64(ready.Microseconds())/1e3/float64(b.N), "ms/ready")
}
