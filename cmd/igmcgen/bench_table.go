package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"igmc/storage"
)

// figure is one row of the table.
type figure struct {
	part     string
	name     string
	value    string
	baseline string
	ratio    string
	goal     string
	met      string // yes, no, or "" when there is no goal
}

// add records a figure.
func (b *bench) add(f figure) { b.figs = append(b.figs, f) }

// skipped records the figures of a part that did not run, so the table
// always has the same rows.
func (b *bench) skipped(part, why string, names ...string) {
	for _, n := range names {
		b.add(figure{part: part, name: n, value: why})
	}
}

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

// ms formats a duration in milliseconds, with a decimal below 100 ms.
func ms(d time.Duration) string {
	v := float64(d.Microseconds()) / 1000
	if v < 100 {
		return strconv.FormatFloat(v, 'f', 1, 64) + " ms"
	}
	return thousands(int64(v+0.5)) + " ms"
}

// rate formats n per second.
func rate(n int, d time.Duration, unit string) string {
	return thousands(int64(perSecond(n, d)+0.5)) + " " + unit
}

func perSecond(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

func ratio(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// thousands writes n with thousands separated by commas, as the document
// does.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

func mib(n uint64) string { return strconv.FormatFloat(float64(n)/(1<<20), 'f', 0, 64) + " MiB" }

func kb(n int) string {
	if n >= 1_000_000 {
		return strconv.FormatFloat(float64(n)/1e6, 'f', 2, 64) + " MB"
	}
	return strconv.FormatFloat(float64(n)/1e3, 'f', 1, 64) + " KB"
}

// machine is what the section says of the computer and the engine.
type machine struct {
	cpus   int
	model  string
	ram    string
	load   string
	engine string
}

func readMachine(ctx context.Context, e storage.Engine, dbURL string) machine {
	m := machine{cpus: runtime.NumCPU(), model: "unknown CPU", ram: "unknown RAM"}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.model = strings.TrimSpace(v)
				break
			}
		}
		_ = f.Close()
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				kib, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
				m.ram = strconv.FormatFloat(kib/(1<<20), 'f', 1, 64) + " GiB RAM"
			}
		}
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			m.load = strings.Join(f[:3], " ")
		}
	}
	m.engine = engineVersion(ctx, e, dbURL)
	return m
}

func engineVersion(ctx context.Context, e storage.Engine, dbURL string) string {
	db, err := openSQL(dbURL)
	if err != nil {
		return string(e) + " (version unknown)"
	}
	defer db.Close()
	q, name := "SELECT sqlite_version()", "SQLite"
	if e == storage.Postgres {
		q, name = "SHOW server_version", "PostgreSQL"
	}
	var v string
	if err := db.QueryRowContext(ctx, q).Scan(&v); err != nil {
		return name + " (version unknown)"
	}
	return name + " " + v
}

// openSQL opens a store's database for the plain-SQL baselines.
func openSQL(dbURL string) (*sql.DB, error) {
	if p, ok := strings.CutPrefix(dbURL, "sqlite:"); ok {
		return sql.Open("sqlite", "file:"+p+"?mode=ro")
	}
	return sql.Open("pgx", dbURL)
}

// section is the Markdown the run adds to the document: a dated heading,
// the command, the machine and the table.
func (b *bench) section() string {
	var w strings.Builder
	s := b.cfg.size
	name := "SQLite"
	if b.cfg.engine == storage.Postgres {
		name = "PostgreSQL"
	}
	fmt.Fprintf(&w, "## Scale benchmark, %s zones on %s — %s\n\n", thousands(int64(s.Zones)), name, b.started.Format("2006-01-02 15:04 UTC"))
	types := "no zone types (no peer check)"
	if s.Types > 0 {
		types = fmt.Sprintf("zones of %d types in turn (the peer check compares each value with its type's other zones)", s.Types)
	}
	fmt.Fprintf(&w, "%s zones × %d indicators × %d years (%s values, generated in %s); %s.\n\n",
		thousands(int64(s.Zones)), s.Indicators, s.Years, thousands(int64(s.Rows())), ms(b.genTime), types)
	fmt.Fprintf(&w, "    %s\n\n", b.cfg.command)
	m := b.machine
	fmt.Fprintf(&w, "Machine: %d CPUs (%s), %s; %s; %s; load average at start %s. Finished %s.\n\n",
		m.cpus, m.model, m.ram, m.engine, runtime.Version(), m.load, time.Now().UTC().Format("15:04 UTC"))
	w.WriteString("| figure | value | baseline (same run) | ratio | goal | met? |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, f := range b.figs {
		fmt.Fprintf(&w, "| %s | %s | %s | %s | %s | %s |\n", cell(f.name), cell(f.value), cell(f.baseline), cell(f.ratio), cell(f.goal), cell(f.met))
	}
	return w.String()
}

func cell(s string) string {
	if s == "" {
		return "—"
	}
	return strings.ReplaceAll(s, "|", `\|`)
}
