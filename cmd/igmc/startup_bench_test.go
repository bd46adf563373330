package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkServeStartup builds igmc and times, from exec to the
// "listening" line on standard output, `igmc serve` on an existing SQLite
// database (migrated and seeded by a first run). It reports the time as
// ms/listen; it asserts nothing about it, the machine's load decides.
//
//	go test ./cmd/igmc/ -run '^$' -bench ServeStartup -benchtime=20x
func BenchmarkServeStartup(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "igmc")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	env := append(os.Environ(), "IGMC_DATA_DIR="+filepath.Join(dir, "data"), "IGMC_DATABASE_URL=", "IGMC_ADDR=127.0.0.1:0",
		"IGMC_ADMIN_EMAIL=admin@example.org", "IGMC_ADMIN_PASSWORD="+testPassword)
	listen := func() time.Duration {
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
		sc := bufio.NewScanner(out)
		var took time.Duration
		for sc.Scan() {
			if strings.Contains(sc.Text(), "listening on") {
				took = time.Since(start)
				break
			}
		}
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
		if took == 0 {
			b.Fatal("igmc serve ended without listening")
		}
		return took
	}
	listen() // the first run makes the database
	var total time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		total += listen()
	}
	b.ReportMetric(float64(total.Microseconds())/1e3/float64(b.N), "ms/listen")
}
