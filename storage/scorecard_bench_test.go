package storage_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/scoring"
	"igmc/storage"
	"igmc/storage/benchdata"
	"igmc/storage/storagetest"
	"igmc/web"
)

// The scorecard benchmarks run on the acceptance dataset (500 zones × 200
// indicators × 10 years, imported as approved) and time the work the cache
// hides: every iteration starts from an empty cache.

// loadedStore is a fresh store holding the whole generated dataset.
func loadedStore(b *testing.B, e storage.Engine) (*storage.Store, string, benchdata.Size) {
	b.Helper()
	size := benchSize(b)
	files, err := benchdata.WriteFiles(b.TempDir(), size)
	if err != nil {
		b.Fatal(err)
	}
	s, _ := benchStore(b, e, files)
	f, err := os.Open(files.Measurements)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if _, err := s.ImportMeasurements(context.Background(), indicators.NewCSVRows(bufio.NewReaderSize(f, 256<<10)),
		indicators.ImportOptions{Framework: benchdata.Framework, Status: indicators.Approved, AcceptWarnings: true}); err != nil {
		b.Fatal(err)
	}
	return s, storeURL(b, s), size
}

func benchSize(b testing.TB) benchdata.Size {
	size := benchdata.Default
	if v := os.Getenv(EnvBenchZones); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			b.Fatalf("%s: %v", EnvBenchZones, err)
		}
		size.Zones = n
	}
	if v := os.Getenv(EnvBenchYears); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			b.Fatalf("%s: %v", EnvBenchYears, err)
		}
		size.From, size.Years = size.From+size.Years-n, n
	}
	return size
}

// EnvBenchYears changes the benchmark dataset's number of years, keeping
// its last (2020): 500 zones × 200 indicators × that many years, so that
// the row count changes while the zones and the cards stay the same.
const EnvBenchYears = "IGMC_BENCH_YEARS"

func eachBenchEngine(b *testing.B, fn func(b *testing.B, e storage.Engine)) {
	for _, e := range []storage.Engine{storage.SQLite, storage.Postgres} {
		b.Run(string(e), func(b *testing.B) {
			if e == storage.Postgres && os.Getenv(storagetest.EnvPostgres) == "" {
				b.Skipf("%s is not set: no PostgreSQL benchmark", storagetest.EnvPostgres)
			}
			fn(b, e)
		})
	}
}

// BenchmarkScorecard: one zone's scorecard, computed from the database
// (goal ≤ 10 ms).
func BenchmarkScorecard(b *testing.B) {
	eachBenchEngine(b, func(b *testing.B, e storage.Engine) {
		s, _, size := loadedStore(b, e)
		ctx := context.Background()
		i := 0
		for b.Loop() {
			s.DropCache()
			card, err := s.Scorecard(ctx, benchdata.Framework, benchdata.ZoneCode(i%size.Zones), 2020, scoring.BasisOfficial)
			if err != nil || card.Index.Score == nil {
				b.Fatalf("scorecard: %v (index %v)", err, card.Index)
			}
			i++
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/scorecard")
	})
}

// BenchmarkRanking: every zone ranked for one year from the kept
// summaries (goal ≤ 1 s; with summaries ≤ 0.5 s on PostgreSQL, ≤ 2 s on
// SQLite at 5,000 zones), with the time of one SQL aggregate over the same
// year, measured in the same run, as the baseline. Measured once each: the
// ranking computed from the values alone (ms/recomputed), the first
// ranking after the import, which computes and keeps every summary
// (ms/first_build), and the ranking after a one-value edit, which
// rebuilds that zone's (ms/after_edit).
func BenchmarkRanking(b *testing.B) {
	eachBenchEngine(b, func(b *testing.B, e storage.Engine) {
		s, url, size := loadedStore(b, e)
		ctx := context.Background()
		db := openSQL(b, url)
		rank := func() time.Duration {
			b.Helper()
			s.DropCache()
			start := time.Now()
			rows, err := s.Ranking(ctx, benchdata.Framework, 2020, scoring.BasisOfficial)
			if err != nil || len(rows) != size.Zones || rows[0].Index == nil {
				b.Fatalf("ranking: %d rows, %v", len(rows), err)
			}
			return time.Since(start)
		}
		start := time.Now()
		if rows, err := storage.RankingRecomputed(s, ctx, benchdata.Framework, 2020, scoring.BasisOfficial); err != nil || len(rows) != size.Zones {
			b.Fatalf("recomputed ranking: %d rows, %v", len(rows), err)
		}
		recomputed := time.Since(start)
		firstBuild := rank()
		var aggregate time.Duration
		for b.Loop() {
			s.DropCache()
			rows, err := s.Ranking(ctx, benchdata.Framework, 2020, scoring.BasisOfficial)
			if err != nil || len(rows) != size.Zones || rows[0].Index == nil {
				b.Fatalf("ranking: %d rows, %v", len(rows), err)
			}
			b.StopTimer()
			start := time.Now()
			var n int
			if err := db.QueryRow(`SELECT COUNT(*) FROM (SELECT zone_id, AVG(value) FROM measurements WHERE year = 2020 GROUP BY zone_id) x`).Scan(&n); err != nil || n != size.Zones {
				b.Fatalf("aggregate: %d zones, %v", n, err)
			}
			aggregate += time.Since(start)
			b.StartTimer()
		}
		per := b.Elapsed().Seconds() / float64(b.N)
		base := aggregate.Seconds() / float64(b.N)
		b.StopTimer()
		one, err := s.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: benchdata.Framework, Zone: benchdata.ZoneCode(0), Year: 2020, Limit: 1})
		if err != nil || len(one.Items) != 1 {
			b.Fatalf("a value to edit: %v", err)
		}
		m := one.Items[0]
		if _, err := s.UpdateMeasurement(ctx, m.ID, indicators.MeasurementInput{FrameworkCode: m.FrameworkCode, ZoneCode: m.ZoneCode,
			IndicatorCode: m.IndicatorCode, Period: m.Period, Value: m.Value, Source: "edited"}, m.Version, indicators.System); err != nil {
			b.Fatal(err)
		}
		afterEdit := rank()
		b.ReportMetric(per*1000, "ms/ranking")
		b.ReportMetric(base*1000, "ms/aggregate")
		b.ReportMetric(per/base, "ratio_to_aggregate")
		b.ReportMetric(recomputed.Seconds()*1000, "ms/recomputed")
		b.ReportMetric(firstBuild.Seconds()*1000, "ms/first_build")
		b.ReportMetric(afterEdit.Seconds()*1000, "ms/after_edit")
	})
}

// BenchmarkScorecardHTTP drives GET /api/v1/zones/{zone}/scorecard with
// wrk -t2 -c64 for 10 s, and a trivial Gin handler returning a small JSON
// object the same way in the same run, and reports the ratio of their
// requests per second (goal ≥ 0.25). It needs wrk on the PATH.
func BenchmarkScorecardHTTP(b *testing.B) {
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		b.Skip("wrk is not installed (apt-get install wrk)")
	}
	eachBenchEngine(b, func(b *testing.B, e storage.Engine) {
		s, _, _ := loadedStore(b, e)
		ctx := context.Background()
		if _, err := s.CreateUser(ctx, indicators.UserInput{Email: "bench@example.org", Role: indicators.RoleAuditor, Password: "bench password"}, indicators.System); err != nil {
			b.Fatal(err)
		}
		p, err := s.Authenticate(ctx, "bench@example.org", "bench password", "bench")
		if err != nil {
			b.Fatal(err)
		}
		_, token, err := s.CreateToken(ctx, p, "bench")
		if err != nil {
			b.Fatal(err)
		}
		app := httptest.NewServer(web.New(s, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
		defer app.Close()
		gin.SetMode(gin.ReleaseMode)
		trivial := gin.New()
		trivial.GET("/", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok", "n": 1}) })
		base := httptest.NewServer(trivial)
		defer base.Close()
		url := app.URL + "/api/v1/zones/" + benchdata.ZoneCode(0) + "/scorecard?framework=" + benchdata.Framework + "&year=2020"
		if resp, err := http.Get(url); err != nil || resp.StatusCode != http.StatusUnauthorized {
			b.Fatalf("the scorecard must need a sign-in: %v", err)
		}
		for b.Loop() {
			rps := runWrk(b, wrk, url, token)
			baseRPS := runWrk(b, wrk, base.URL+"/", "")
			b.ReportMetric(rps, "scorecard_req/s")
			b.ReportMetric(baseRPS, "trivial_req/s")
			b.ReportMetric(rps/baseRPS, "ratio_to_trivial")
		}
	})
}

var wrkRate = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)

func runWrk(b *testing.B, wrk, url, token string) float64 {
	b.Helper()
	args := []string{"-t2", "-c64", "-d10s", "--latency"}
	if token != "" {
		args = append(args, "-H", "Authorization: Bearer "+token)
	}
	out, err := exec.Command(wrk, append(args, url)...).CombinedOutput()
	if err != nil {
		b.Fatalf("wrk: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "Non-2xx") {
		b.Fatalf("wrk saw errors:\n%s", out)
	}
	m := wrkRate.FindSubmatch(out)
	if m == nil {
		b.Fatalf("no rate in wrk's output:\n%s", out)
	}
	v, _ := strconv.ParseFloat(string(m[1]), 64)
	return v
}

func openSQL(b *testing.B, url string) *sql.DB {
	driver, dsn := "pgx", url
	if strings.HasPrefix(url, "sqlite:") {
		driver, dsn = "sqlite", "file:"+strings.TrimPrefix(url, "sqlite:")
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = db.Close() })
	return db
}

func storeURL(b *testing.B, s *storage.Store) string {
	b.Helper()
	return s.URL()
}

// BenchmarkRankingWithPlans: the ranking of 500 zones as of 2020 with an
// adopted plan (a baseline, a milestone and a target) for every zone and
// indicator, against the same ranking with no plan in force, in the same
// run (goal: ratio ≤ 1.2). The two are taken in turn, round by round, so
// that a drift of the machine or of the engine's caches during the run
// moves both alike: between them the benchmark takes the adoptions away
// and puts them back in SQL (the official basis scores with adopted
// versions only), which leaves every table the same size.
func BenchmarkRankingWithPlans(b *testing.B) {
	eachBenchEngine(b, func(b *testing.B, e storage.Engine) {
		s, _, size := loadedStore(b, e)
		ctx := context.Background()
		// Each ranking is timed alone; the minimum of the rounds is the
		// figure least moved by other work on the machine.
		rank := func() time.Duration {
			s.DropCache()
			start := time.Now()
			rows, err := s.Ranking(ctx, benchdata.Framework, 2020, scoring.BasisOfficial)
			if err != nil || len(rows) != size.Zones {
				b.Fatalf("ranking: %d rows, %v", len(rows), err)
			}
			return time.Since(start)
		}
		cat, err := s.Catalogue(ctx, benchdata.Framework)
		if err != nil {
			b.Fatal(err)
		}
		var plan strings.Builder
		plan.WriteString("zone_code,indicator_code,kind,year,value\n")
		for _, z := range benchdata.Zones(size) {
			for _, ind := range cat.Indicators {
				fmt.Fprintf(&plan, "%[1]s,%[2]s,baseline,2012,10\n%[1]s,%[2]s,milestone,2016,30\n%[1]s,%[2]s,target,2022,60\n", z.Code, ind.Code)
			}
		}
		res, err := s.ImportPlans(ctx, indicators.NewCSVRows(strings.NewReader(plan.String())), indicators.PlanImportOptions{Framework: benchdata.Framework})
		if err != nil || len(res.Versions) != size.Zones {
			b.Fatalf("plans: %+v %v", res, err)
		}
		for z, v := range res.Versions {
			if _, err := s.AdoptPlan(ctx, benchdata.Framework, z, v, "benchmark", indicators.System); err != nil {
				b.Fatal(err)
			}
		}
		db := openSQL(b, storeURL(b, s))
		type adoption struct{ id, event int64 }
		var adoptions []adoption
		rows, err := db.Query("SELECT id, adopt_event_id FROM plan_versions WHERE adopt_event_id IS NOT NULL")
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			var a adoption
			if err := rows.Scan(&a.id, &a.event); err != nil {
				b.Fatal(err)
			}
			adoptions = append(adoptions, a)
		}
		if err := rows.Close(); err != nil || len(adoptions) != size.Zones {
			b.Fatalf("%d adoptions, %v", len(adoptions), err)
		}
		update := "UPDATE plan_versions SET adopt_event_id = $1 WHERE id = $2"
		if e == storage.SQLite {
			update = "UPDATE plan_versions SET adopt_event_id = ? WHERE id = ?"
		}
		set := func(adopted bool) {
			tx, err := db.Begin()
			if err != nil {
				b.Fatal(err)
			}
			for _, a := range adoptions {
				var ev any
				if adopted {
					ev = a.event
				}
				if _, err := tx.Exec(update, ev, a.id); err != nil {
					b.Fatal(err)
				}
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		// The two halves differ by the plans in force, and by nothing else.
		zone := benchdata.Zones(size)[0].Code
		for _, adopted := range []bool{false, true} {
			set(adopted)
			s.DropCache()
			card, err := s.Scorecard(ctx, benchdata.Framework, zone, 2020, scoring.BasisOfficial)
			if err != nil {
				b.Fatal(err)
			}
			fromZone := 0
			for _, ind := range card.Indicators {
				if ind.PlanSource != nil && *ind.PlanSource == scoring.PlanFromZone {
					fromZone++
				}
			}
			if (fromZone > 0) != adopted {
				b.Fatalf("adopted %v: %d indicators measured against the zone's plan", adopted, fromZone)
			}
		}
		rank() // warm the framework's scoring form, the decoded plans and the engine's caches
		without, with := time.Duration(1<<62), time.Duration(1<<62)
		b.ResetTimer()
		for b.Loop() {
			set(false)
			without = min(without, rank())
			set(true)
			with = min(with, rank())
		}
		b.ReportMetric(float64(without.Microseconds())/1000, "ms/ranking_without_plans")
		b.ReportMetric(float64(with.Microseconds())/1000, "ms/ranking_with_plans")
		b.ReportMetric(float64(with)/float64(without), "ratio_with_to_without")
	})
}
