package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"igmc/indicators"
	"igmc/reports"
	"igmc/scoring"
	"igmc/storage"
	"igmc/storage/benchdata"
	"igmc/web"
)

// The goals of the acceptance list, printed beside the figures.
const (
	goalImportShape  = 0.8
	goalImportNarrow = 0.4
	goalSQLiteImport = 100_000 // rows/s
	goalPeakMemory   = 300 << 20
	goalRankingPG    = 500 * time.Millisecond
	goalRankingLite  = 2 * time.Second
	goalCompareCold  = time.Second
	goalCompareWarm  = 50 * time.Millisecond
	goalAPIRatio     = 0.6
)

// measure takes every figure of the parts that run, in order.
func (b *bench) measure(ctx context.Context) error {
	steps := []struct {
		part string
		fn   func(context.Context) error
	}{
		{"import", b.importFigures},
		{"reimport", b.reimportFigures},
		{"export", b.exportFigures},
		{"ranking", b.rankingFigures},
		{"pages", b.pageFigures},
		{"api", b.apiFigures},
	}
	for i, st := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if i == 1 && b.cfg.cpuProfile != "" {
			stop, err := startProfile(b.cfg.cpuProfile)
			if err != nil {
				return err
			}
			defer stop()
		}
		if err := st.fn(ctx); err != nil {
			return fmt.Errorf("bench: %s: %w", st.part, err)
		}
	}
	return nil
}

// scaleZones is the size the goals of the ranking and the pages are set
// at.
const scaleZones = 5000

// metAtScale says whether a goal set at 5,000 zones is met, and on a
// smaller set that the answer says little.
func (b *bench) metAtScale(ok bool) string {
	if b.cfg.size.Zones < scaleZones {
		return yesNo(ok) + " (smaller set)"
	}
	return yesNo(ok)
}

func (b *bench) lastYear() int { return b.cfg.size.From + b.cfg.size.Years - 1 }

func (b *bench) importOptions() indicators.ImportOptions {
	// As `igmc measurements import --approve --accept-warnings`: the
	// random values jump from year to year, so the checks warn.
	return indicators.ImportOptions{Framework: benchdata.Framework, Status: indicators.Approved, By: indicators.System, AcceptWarnings: true}
}

func (b *bench) importFile(ctx context.Context) (indicators.ImportResult, time.Duration, error) {
	f, err := os.Open(b.files.Measurements)
	if err != nil {
		return indicators.ImportResult{}, 0, err
	}
	defer f.Close()
	start := time.Now()
	res, err := b.store.ImportMeasurements(ctx, indicators.NewCSVRows(bufio.NewReaderSize(f, 256<<10)), b.importOptions())
	return res, time.Since(start), err
}

// importFigures loads the measurements (which every later part needs, so
// it runs even when the part is left out of the table) with the memory
// sampled, and on PostgreSQL times the two COPY baselines.
func (b *bench) importFigures(ctx context.Context) error {
	rows := b.cfg.size.Rows()
	b.logf("importing %d values", rows)
	runtime.GC()
	debug.FreeOSMemory()
	idleRSS := rss()
	mem := sampleMemory()
	res, took, err := b.importFile(ctx)
	heap, peakRSS := mem()
	if err != nil {
		return err
	}
	if res.New != rows {
		return fmt.Errorf("%d new values, want %d", res.New, rows)
	}
	b.firstLoad = took
	b.logf("imported in %s", took.Round(time.Millisecond))
	if b.cfg.engine == storage.Postgres {
		// As autovacuum would a minute after a load: the later parts
		// should not be timed on a table without statistics.
		if err := b.exec(ctx, "ANALYZE"); err != nil {
			return err
		}
	}
	if !b.cfg.run["import"] {
		b.skipped("import", "not run", "measurements import", "peak memory of the import")
		return nil
	}
	value := rate(rows, took, "rows/s") + " (" + ms(took) + ")"
	if b.cfg.engine == storage.SQLite {
		b.add(figure{part: "import", name: "measurements import", value: value,
			goal: "≥ " + thousands(goalSQLiteImport) + " rows/s", met: yesNo(perSecond(rows, took) >= goalSQLiteImport)})
	} else {
		shape, narrow, err := b.copyBaselines(ctx)
		if err != nil {
			return err
		}
		rs, rn := shape.Seconds()/took.Seconds(), narrow.Seconds()/took.Seconds()
		b.add(figure{part: "import", name: "measurements import vs COPY into a table shaped like measurements", value: value,
			baseline: rate(rows, shape, "rows/s"), ratio: ratio(rs), goal: "≥ " + ratio(goalImportShape), met: yesNo(rs >= goalImportShape)})
		b.add(figure{part: "import", name: "measurements import vs narrow 4-column COPY", value: value,
			baseline: rate(rows, narrow, "rows/s"), ratio: ratio(rn), goal: "≥ " + ratio(goalImportNarrow), met: yesNo(rn >= goalImportNarrow)})
	}
	memValue := mib(heap) + " heap"
	if peakRSS > 0 {
		memValue = mib(peakRSS) + " RSS, " + memValue
	}
	base := ""
	if idleRSS > 0 {
		base = mib(idleRSS) + " RSS before"
	}
	peak := max(heap, peakRSS)
	b.add(figure{part: "import", name: "peak memory of the import", value: memValue, baseline: base,
		goal: "< " + mib(goalPeakMemory), met: yesNo(peak < goalPeakMemory)})
	return nil
}

// reimportFigures imports the unchanged file again.
func (b *bench) reimportFigures(ctx context.Context) error {
	if !b.cfg.run["reimport"] {
		b.skipped("reimport", "not run", "re-import of the unchanged file")
		return nil
	}
	rows := b.cfg.size.Rows()
	// The baseline is the first load of the same file into the same
	// store, timed by the import part.
	first := b.firstLoad
	b.logf("re-importing the unchanged file")
	res, took, err := b.importFile(ctx)
	if err != nil {
		return err
	}
	if res.Unchanged != rows {
		return fmt.Errorf("re-import: %d unchanged values, want %d", res.Unchanged, rows)
	}
	r := first.Seconds() / took.Seconds()
	b.add(figure{part: "reimport", name: "re-import of the unchanged file vs the first load", value: rate(rows, took, "rows/s") + " (" + ms(took) + ")",
		baseline: rate(rows, first, "rows/s") + " (first load)", ratio: ratio(r), goal: "≥ 1.00 (no slower)", met: yesNo(r >= 1)})
	return nil
}

// copyBaselines times, on PostgreSQL, a COPY of the imported rows into a
// table made LIKE measurements (its columns, defaults and indexes) and a
// COPY of their four key columns into a narrow table with a primary key.
// The rows go through files in binary COPY format, written beforehand, so
// only the load is timed and nothing is held in memory.
func (b *bench) copyBaselines(ctx context.Context) (shape, narrow time.Duration, err error) {
	conn, err := pgx.Connect(ctx, b.url)
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close(context.Background())
	var cols []string
	r, err := conn.Query(ctx, `SELECT attname FROM pg_attribute WHERE attrelid = 'measurements'::regclass
		AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`)
	if err != nil {
		return 0, 0, err
	}
	for r.Next() {
		var c string
		if err := r.Scan(&c); err != nil {
			return 0, 0, err
		}
		cols = append(cols, pgx.Identifier{c}.Sanitize())
	}
	if err := r.Err(); err != nil {
		return 0, 0, err
	}
	b.logf("COPY into a table shaped like measurements")
	shape, err = b.copyOnce(ctx, conn, "bench_copy_shape", strings.Join(cols, ", "),
		[]string{"CREATE TABLE bench_copy_shape (LIKE measurements INCLUDING ALL)"})
	if err != nil {
		return 0, 0, err
	}
	b.logf("narrow COPY")
	narrow, err = b.copyOnce(ctx, conn, "bench_copy_narrow", "zone_id, indicator_id, period, value", []string{
		"CREATE TABLE bench_copy_narrow AS SELECT zone_id, indicator_id, period, value FROM measurements WITH NO DATA",
		"ALTER TABLE bench_copy_narrow ADD PRIMARY KEY (zone_id, indicator_id, period)",
	})
	return shape, narrow, err
}

func (b *bench) copyOnce(ctx context.Context, conn *pgx.Conn, table, cols string, create []string) (time.Duration, error) {
	path := filepath.Join(b.tmp, table+".bin")
	defer os.Remove(path)
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	_, err = conn.PgConn().CopyTo(ctx, bw, "COPY (SELECT "+cols+" FROM measurements) TO STDOUT (FORMAT binary)")
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("dump the rows for %s: %w", table, err)
	}
	drop := "DROP TABLE IF EXISTS " + table
	for _, q := range append([]string{drop}, create...) {
		if _, err := conn.Exec(ctx, q); err != nil {
			return 0, fmt.Errorf("%s: %w", q, err)
		}
	}
	defer func() { _, _ = conn.Exec(context.Background(), drop) }()
	in, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	start := time.Now()
	tag, err := conn.PgConn().CopyFrom(ctx, bufio.NewReaderSize(in, 1<<20), "COPY "+table+" ("+cols+") FROM STDIN (FORMAT binary)")
	took := time.Since(start)
	if err != nil {
		return 0, fmt.Errorf("COPY into %s: %w", table, err)
	}
	if int(tag.RowsAffected()) != b.cfg.size.Rows() {
		return 0, fmt.Errorf("COPY into %s: %d rows, want %d", table, tag.RowsAffected(), b.cfg.size.Rows())
	}
	return took, nil
}

func (b *bench) exec(ctx context.Context, q string) error {
	db, err := openSQL(b.url)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, q)
	return err
}

// exportFigures times the measurements export as the CLI and the web make
// it, and on PostgreSQL the server's COPY TO of the same rows and columns
// in the same order.
func (b *bench) exportFigures(ctx context.Context) error {
	if !b.cfg.run["export"] {
		b.skipped("export", "not run", "measurements export")
		return nil
	}
	rows := b.cfg.size.Rows()
	b.logf("exporting")
	start := time.Now()
	ew, err := reports.NewExportWriter(io.Discard, false)
	if err != nil {
		return err
	}
	n := 0
	err = b.store.ExportMeasurements(ctx, indicators.MeasurementFilter{Framework: benchdata.Framework}, false, func(r *indicators.ExportRow) error {
		n++
		return ew.Write(r)
	})
	if err == nil {
		err = ew.Flush()
	}
	took := time.Since(start)
	if err != nil {
		return err
	}
	if n != rows {
		return fmt.Errorf("export: %d rows, want %d", n, rows)
	}
	f := figure{part: "export", name: "measurements export (CSV)", value: rate(rows, took, "rows/s") + " (" + ms(took) + ")"}
	if b.cfg.engine == storage.Postgres {
		base, err := b.copyOut(ctx)
		if err != nil {
			return err
		}
		f.name = "measurements export (CSV) vs COPY TO of the same rows"
		f.baseline = rate(rows, base, "rows/s")
		f.ratio = ratio(base.Seconds() / took.Seconds())
	}
	b.add(f)
	return nil
}

// copyOutSQL selects what the export without history writes, in its
// order, as PostgreSQL's own CSV.
const copyOutSQL = `COPY (SELECT z.code, i.code, m.period, m.value, m.source, m.comment, m.status, m.version
	FROM measurements m JOIN zones z ON z.id = m.zone_id JOIN indicators i ON i.id = m.indicator_id
	JOIN frameworks f ON f.id = i.framework_id WHERE f.code = '` + benchdata.Framework + `'
	ORDER BY z.code COLLATE "C", i.position, m.period) TO STDOUT (FORMAT csv, HEADER)`

func (b *bench) copyOut(ctx context.Context) (time.Duration, error) {
	conn, err := pgx.Connect(ctx, b.url)
	if err != nil {
		return 0, err
	}
	defer conn.Close(context.Background())
	start := time.Now()
	tag, err := conn.PgConn().CopyTo(ctx, io.Discard, copyOutSQL)
	took := time.Since(start)
	if err != nil {
		return 0, fmt.Errorf("COPY TO: %w", err)
	}
	if int(tag.RowsAffected()) != b.cfg.size.Rows() {
		return 0, fmt.Errorf("COPY TO: %d rows, want %d", tag.RowsAffected(), b.cfg.size.Rows())
	}
	return took, nil
}

// rankingFigures times the ranking of the last year with the store's
// cache dropped, against one SQL aggregate over the same year; the
// fastest of the rounds of each.
func (b *bench) rankingFigures(ctx context.Context) error {
	if !b.cfg.run["ranking"] {
		b.skipped("ranking", "not run", "ranking, cold")
		return nil
	}
	zones, year := b.cfg.size.Zones, b.lastYear()
	db, err := openSQL(b.url)
	if err != nil {
		return err
	}
	defer db.Close()
	b.logf("ranking %d zones, %d rounds", zones, b.cfg.rounds)
	best, base := time.Duration(1<<62), time.Duration(1<<62)
	for range b.cfg.rounds {
		b.store.DropCache()
		start := time.Now()
		rows, err := b.store.Ranking(ctx, benchdata.Framework, year, scoring.BasisOfficial)
		best = min(best, time.Since(start))
		if err != nil {
			return err
		}
		if len(rows) != zones || rows[0].Index == nil {
			return fmt.Errorf("ranking: %d rows, want %d with an index", len(rows), zones)
		}
		start = time.Now()
		var n int
		err = db.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT zone_id, AVG(value) FROM measurements WHERE year = "+
			strconv.Itoa(year)+" GROUP BY zone_id) x").Scan(&n)
		base = min(base, time.Since(start))
		if err != nil {
			return fmt.Errorf("aggregate: %w", err)
		}
		if n != zones {
			return fmt.Errorf("aggregate: %d zones, want %d", n, zones)
		}
	}
	goal := goalRankingLite
	if b.cfg.engine == storage.Postgres {
		goal = goalRankingPG
	}
	b.add(figure{part: "ranking", name: fmt.Sprintf("ranking of %d, cold, vs one SQL aggregate over the year", year), value: ms(best),
		baseline: ms(base), ratio: ratio(best.Seconds() / base.Seconds()),
		goal: "≤ " + ms(goal) + " at 5,000 zones", met: b.metAtScale(best <= goal)})
	return nil
}

// page is a request the pages part times.
type page struct {
	part, name, path string
	cold, warm       time.Duration // the goals, 0 for none
}

// pageFigures times the comparison, home and scorecard pages through the
// handler (no network), as an administrator, cold (the store's cache
// dropped before each request) and warm; the fastest of the rounds.
func (b *bench) pageFigures(ctx context.Context) error {
	z, year := benchdata.ZoneCode(0), b.lastYear()
	fw := "framework=" + benchdata.Framework
	pages := []page{
		{"compare", "comparison page", fmt.Sprintf("/compare?%s&year=%d", fw, year), goalCompareCold, goalCompareWarm},
		{"home", "home page", "/?" + fw, 0, 0},
		{"scorecard", "scorecard page", fmt.Sprintf("/zones/%s/scorecard?%s&year=%d", z, fw, year), 0, 0},
	}
	var h http.Handler
	var token string
	for _, p := range pages {
		if !b.cfg.run[p.part] {
			b.skipped(p.part, "not run", p.name+", cold", p.name+", warm")
			continue
		}
		if h == nil {
			var err error
			if token, err = b.token(ctx, "pages@example.org", indicators.RoleAdmin); err != nil {
				return err
			}
			h = web.New(b.store, slog.New(slog.DiscardHandler)).Handler()
		}
		b.logf("%s, %d rounds", p.name, b.cfg.rounds)
		get := func() (int, error) {
			req := httptest.NewRequestWithContext(ctx, http.MethodGet, p.path, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				return 0, fmt.Errorf("%s: status %d", p.path, rec.Code)
			}
			return rec.Body.Len(), nil
		}
		var size int
		cold, warm := time.Duration(1<<62), time.Duration(1<<62)
		for range b.cfg.rounds {
			b.store.DropCache()
			start := time.Now()
			n, err := get()
			cold = min(cold, time.Since(start))
			if err != nil {
				return err
			}
			start = time.Now()
			if size, err = get(); err != nil {
				return err
			}
			warm = min(warm, time.Since(start))
			if size != n {
				return fmt.Errorf("%s: %d bytes cold, %d warm", p.path, n, size)
			}
		}
		for _, t := range []struct {
			kind string
			took time.Duration
			goal time.Duration
		}{{"cold", cold, p.cold}, {"warm", warm, p.warm}} {
			f := figure{part: p.part, name: p.name + ", " + t.kind, value: ms(t.took) + ", " + kb(size)}
			if t.goal > 0 {
				f.goal, f.met = "≤ "+ms(t.goal)+" at 5,000 zones", b.metAtScale(t.took <= t.goal)
			}
			b.add(f)
		}
	}
	return nil
}

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
