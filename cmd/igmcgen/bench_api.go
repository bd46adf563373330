package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/storage/benchdata"
	"igmc/web"
)

// token signs a new user of role in and returns an API token of theirs.
func (b *bench) token(ctx context.Context, email string, role indicators.Role) (string, error) {
	const password = "benchmark password"
	if _, err := b.store.CreateUser(ctx, indicators.UserInput{Email: email, Role: role, Password: password}, indicators.System); err != nil {
		return "", err
	}
	p, err := b.store.Authenticate(ctx, email, password, "127.0.0.1")
	if err != nil {
		return "", err
	}
	_, token, err := b.store.CreateToken(ctx, p, "benchmark")
	return token, err
}

// apiFigures drives the JSON scorecard with wrk, served on a real port,
// and a trivial Gin JSON handler served by this same process on another
// port, one run each.
func (b *bench) apiFigures(ctx context.Context) error {
	const name = "scorecard JSON API under wrk vs a trivial Gin JSON handler"
	if !b.cfg.run["api"] {
		b.skipped("api", "not run", name+", Accept-Encoding: gzip", name+", no Accept-Encoding")
		return nil
	}
	if b.cfg.wrk == "" {
		b.skipped("api", "wrk is not installed (apt-get install wrk)", name+", Accept-Encoding: gzip", name+", no Accept-Encoding")
		return nil
	}
	token, err := b.token(ctx, "api@example.org", indicators.RoleAuditor)
	if err != nil {
		return err
	}
	app, err := serve(web.New(b.store, slog.New(slog.DiscardHandler)).Handler())
	if err != nil {
		return err
	}
	defer app.close()
	trivial := gin.New()
	trivial.GET("/", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok", "n": 1}) })
	base, err := serve(trivial)
	if err != nil {
		return err
	}
	defer base.close()
	target := fmt.Sprintf("%s/api/v1/zones/%s/scorecard?framework=%s&year=%d", app.url, benchdata.ZoneCode(0), benchdata.Framework, b.lastYear())
	// The permission is checked: no token, no card.
	if st, _, err := httpGet(ctx, target, ""); err != nil || st != http.StatusUnauthorized {
		return fmt.Errorf("the scorecard without a token answered %d (%v), want 401", st, err)
	}
	st, size, err := httpGet(ctx, target, token)
	if err != nil || st != http.StatusOK {
		return fmt.Errorf("the scorecard answered %d (%v)", st, err)
	}
	st, gzSize, err := httpGet(ctx, target, token, "Accept-Encoding: gzip")
	if err != nil || st != http.StatusOK {
		return fmt.Errorf("the scorecard answered %d (%v) to a request taking gzip", st, err)
	}
	// Each way of asking is driven against the trivial handler right
	// after, with the same headers. Go's, Python's and most HTTP clients
	// send Accept-Encoding: gzip unless told otherwise; wrk sends nothing
	// unless told.
	for _, v := range []struct {
		label   string
		headers []string
	}{
		{"Accept-Encoding: gzip", []string{"Accept-Encoding: gzip"}},
		{"no Accept-Encoding", nil},
	} {
		b.logf("wrk on the scorecard API and the trivial handler in turn (%s), %s each", v.label, b.cfg.wrkDur)
		rps, baseRPS, err := b.wrkInTurn(ctx, target, base.url+"/", append([]string{"Authorization: Bearer " + token}, v.headers...), v.headers)
		if err != nil {
			return err
		}
		r := rps / baseRPS
		b.add(figure{part: "api", name: fmt.Sprintf("%s, %s (wrk -t%d -c%d -d%s, a card of %s, %s gzip)", name, v.label, b.cfg.wrkThr, b.cfg.wrkConns, b.cfg.wrkDur, kb(size), kb(gzSize)),
			value: thousands(int64(rps+0.5)) + " req/s", baseline: thousands(int64(baseRPS+0.5)) + " req/s", ratio: ratio(r),
			goal: "≥ " + ratio(goalAPIRatio), met: yesNo(r >= goalAPIRatio)})
	}
	return nil
}

type server struct {
	url string
	srv *http.Server
}

func (s *server) close() { _ = s.srv.Close() }

// serve serves h on a free port of the loopback address.
func serve(h http.Handler) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return &server{url: "http://" + ln.Addr().String(), srv: srv}, nil
}

// httpGet sends a GET and returns the status and the size of the body as
// sent (a header naming Accept-Encoding turns off the client's own
// decompression).
func httpGet(ctx context.Context, url, token string, headers ...string) (int, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, 0, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(k, strings.TrimSpace(v))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, int(n), err
}

// lookWrk is wrk's path, "" when it is not installed.
func lookWrk() string {
	p, err := exec.LookPath("wrk")
	if err != nil {
		return ""
	}
	return p
}

// wrkSlice is the length of one wrk run when the two servers are driven
// in turn.
const wrkSlice = 2 * time.Second

// wrkInTurn drives url and baseURL with wrk in turn, in runs of wrkSlice
// adding up to -wrk-duration each, so that a change of the machine's load
// during the run moves both alike; the rates are the means of the runs.
func (b *bench) wrkInTurn(ctx context.Context, url, baseURL string, headers, baseHeaders []string) (float64, float64, error) {
	n := max(1, int(b.cfg.wrkDur/wrkSlice))
	slice := b.cfg.wrkDur / time.Duration(n)
	var sum, baseSum float64
	for range n {
		r, err := b.runWrk(ctx, url, headers, slice)
		if err != nil {
			return 0, 0, err
		}
		br, err := b.runWrk(ctx, baseURL, baseHeaders, slice)
		if err != nil {
			return 0, 0, err
		}
		sum, baseSum = sum+r, baseSum+br
	}
	return sum / float64(n), baseSum / float64(n), nil
}

var wrkRate = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)

func (b *bench) runWrk(ctx context.Context, url string, headers []string, d time.Duration) (float64, error) {
	args := []string{"-t" + strconv.Itoa(b.cfg.wrkThr), "-c" + strconv.Itoa(b.cfg.wrkConns), "-d" + strconv.Itoa(max(1, int(d.Seconds()))) + "s"}
	for _, h := range headers {
		args = append(args, "-H", h)
	}
	out, err := exec.CommandContext(ctx, b.cfg.wrk, append(args, url)...).CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("wrk: %w\n%s", err, out)
	}
	if strings.Contains(string(out), "Non-2xx") {
		return 0, fmt.Errorf("wrk saw answers other than 2xx:\n%s", out)
	}
	m := wrkRate.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("no Requests/sec in wrk's output:\n%s", out)
	}
	v, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil || v <= 0 {
		return 0, fmt.Errorf("wrk's rate %q: %v", m[1], err)
	}
	return v, nil
}

// startProfile starts a CPU profile into path; the function it returns
// stops it and closes the file.
func startProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("bench: -cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("bench: -cpuprofile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}, nil
}

// rss is the process's resident set in bytes, 0 where /proc is missing.
func rss() uint64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseUint(f[1], 10, 64)
	return pages * uint64(os.Getpagesize())
}

// sampleMemory samples the Go heap in use (read through runtime/metrics,
// which does not stop the world) and the resident set every 2 ms until the
// returned function is called, which gives the highest of each.
func sampleMemory() func() (heap, rssPeak uint64) {
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
	var mu sync.Mutex
	var peakHeap, peakRSS uint64
	read := func() {
		metrics.Read(samples)
		h := samples[0].Value.Uint64() + samples[1].Value.Uint64()
		r := rss()
		mu.Lock()
		peakHeap, peakRSS = max(peakHeap, h), max(peakRSS, r)
		mu.Unlock()
	}
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() (uint64, uint64) {
		close(done)
		<-stopped
		read()
		mu.Lock()
		defer mu.Unlock()
		return peakHeap, peakRSS
	}
}
