package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"

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
	b.addPeak("import", "peak memory of the import", heap, peakRSS, idleRSS)
	return nil
}

// reimportFigures imports the unchanged file again.
func (b *bench) reimportFigures(ctx context.Context) error {
	if !b.cfg.run["reimport"] {
		b.skipped("reimport", "not run", "re-import of the unchanged file", "peak memory of the re-import")
		return nil
	}
	rows := b.cfg.size.Rows()
	// The baseline is the first load of the same file into the same
	// store, timed by the import part.
	first := b.firstLoad
	b.logf("re-importing the unchanged file")
	runtime.GC()
	debug.FreeOSMemory()
	idleRSS := rss()
	mem := sampleMemory()
	res, took, err := b.importFile(ctx)
	heap, peakRSS := mem()
	if err != nil {
		return err
	}
	if res.Unchanged != rows {
		return fmt.Errorf("re-import: %d unchanged values, want %d", res.Unchanged, rows)
	}
	r := first.Seconds() / took.Seconds()
	b.add(figure{part: "reimport", name: "re-import of the unchanged file vs the first load", value: rate(rows, took, "rows/s") + " (" + ms(took) + ")",
		baseline: rate(rows, first, "rows/s") + " (first load)", ratio: ratio(r), goal: "≥ 1.00 (no slower)", met: yesNo(r >= 1)})
	b.addPeak("reimport", "peak memory of the re-import", heap, peakRSS, idleRSS)
	return nil
}

// addPeak adds a memory figure: the peak RSS and heap sampled over a
// part, beside the RSS before it.
func (b *bench) addPeak(part, name string, heap, peakRSS, idleRSS uint64) {
	value := mib(heap) + " heap"
	if peakRSS > 0 {
		value = mib(peakRSS) + " RSS, " + value
	}
	base := ""
	if idleRSS > 0 {
		base = mib(idleRSS) + " RSS before"
	}
	b.add(figure{part: part, name: name, value: value, baseline: base,
		goal: "< " + mib(goalPeakMemory), met: yesNo(max(heap, peakRSS) < goalPeakMemory)})
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

// pageFigures times the comparison, home and scorecard pages and the
// public site's zone list through the handler (no network), as an
// administrator, cold (the store's cache dropped before each request,
// which also drops the public site as read) and warm; the fastest of the
// rounds. The public list is made from every published year's kept
// summaries.
func (b *bench) pageFigures(ctx context.Context) error {
	z, year := benchdata.ZoneCode(0), b.lastYear()
	fw := "framework=" + benchdata.Framework
	pages := []page{
		{"compare", "comparison page", fmt.Sprintf("/compare?%s&year=%d", fw, year), goalCompareCold, goalCompareWarm},
		{"home", "home page", "/?" + fw, 0, 0},
		{"scorecard", "scorecard page", fmt.Sprintf("/zones/%s/scorecard?%s&year=%d", z, fw, year), 0, 0},
		{"public", "public zone list", "/public/" + benchdata.Framework + "/zh/index.html", 0, 0},
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
		if p.part == "public" {
			if _, err := b.store.SetPublicMode(ctx, benchdata.Framework, indicators.PublishApproved, indicators.System); err != nil {
				return err
			}
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
