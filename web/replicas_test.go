package web_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"igmc/indicators"
	"igmc/storage/storagetest"
	"igmc/web"
)

// The tests of read replicas run against a real streaming replica of the
// test server (IGMC_TEST_POSTGRES_REPLICA_URL; .ci/run starts one). They
// pause its replay to make it fall behind, which holds up every database
// on it: they run one after the other, never in parallel.

// replicated is each's client on a store whose reads may go to the replica,
// which may serve while at most maxLag behind.
func replicated(t *testing.T, maxLag time.Duration) (*client, string) {
	t.Helper()
	s, _, replica := storagetest.OpenReplicated(t, maxLag)
	srv := httptest.NewServer(web.New(s, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	t.Cleanup(srv.Close)
	c := &client{t: t, srv: srv, store: s}
	c.token = c.userToken("admin@example.org", indicators.RoleAdmin)
	c.do("POST", "/api/v1/zones", `{"code":"LY","name_en":"Liuyang ETDZ","name_zh":"浏阳经济技术开发区"}`, 201, nil)
	return c, replica
}

// pauseReplay stops the replica replaying the primary's log until the
// test ends.
func pauseReplay(t *testing.T, replica string) {
	t.Helper()
	t.Cleanup(func() { storagetest.MustExec(t, replica, "SELECT pg_wal_replay_resume()") })
	storagetest.MustExec(t, replica, "SELECT pg_wal_replay_pause()")
}

// metric sums the samples of a metric on /metrics.
func metric(t *testing.T, c *client, name string) float64 {
	t.Helper()
	resp, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: "/metrics"})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %d", resp.StatusCode)
	}
	found, sum := false, 0.0
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, name+" ") && !strings.HasPrefix(line, name+"{") {
			continue
		}
		v, err := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64)
		if err != nil {
			t.Fatalf("/metrics: %q", line)
		}
		found, sum = true, sum+v
	}
	if !found {
		t.Fatalf("/metrics has no %s:\n%s", name, body)
	}
	return sum
}

type readyReport struct {
	Status   string `json:"status"`
	Replicas []struct {
		Name       string  `json:"name"`
		State      string  `json:"state"`
		Reason     string  `json:"reason"`
		LagBytes   int64   `json:"lag_bytes"`
		LagSeconds float64 `json:"lag_seconds"`
	} `json:"replicas"`
}

func ready(t *testing.T, c *client) readyReport {
	t.Helper()
	var r readyReport
	c.do("GET", "/readyz", "", http.StatusOK, &r)
	if r.Status != "ready" || len(r.Replicas) != 1 {
		t.Fatalf("/readyz: %+v", r)
	}
	return r
}

// TestReplicaServesPageReads: with the replica caught up, the reads of
// lists, scorecards and pages reach it, as /metrics counts.
func TestReplicaServesPageReads(t *testing.T) {
	c, _ := replicated(t, time.Minute)
	c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2019","value":80}`, 201, nil)
	storagetest.CaughtUp(t, c.store)
	if r := ready(t, c).Replicas[0]; r.State != "ok" || r.Reason != "" || r.LagBytes != 0 {
		t.Fatalf("/readyz says of the caught-up replica: %+v", r)
	}
	for _, path := range []string{"/api/v1/measurements?framework=igmc&zone=LY", "/api/v1/zones/LY/scorecard?year=2019",
		"/api/v1/frameworks/igmc/ranking?year=2019"} {
		before, primary := metric(t, c, "igmc_replica_reads_total"), metric(t, c, "igmc_replica_primary_reads_total")
		body := c.do("GET", path, "", 200, nil)
		after, primaryAfter := metric(t, c, "igmc_replica_reads_total"), metric(t, c, "igmc_replica_primary_reads_total")
		if after <= before || primaryAfter != primary {
			t.Errorf("GET %s: replica reads %v → %v, primary reads %v → %v", path, before, after, primary, primaryAfter)
		}
		if strings.Contains(path, "measurements") && !strings.Contains(string(body), `"SPC-01"`) {
			t.Errorf("GET %s from the replica misses the value: %s", path, body)
		}
	}
	u := signInPage(t, c, "reader@example.org", indicators.RoleAuditor)
	storagetest.CaughtUp(t, c.store)
	before := metric(t, c, "igmc_replica_reads_total")
	u.get(t, "/zones/LY/scorecard?year=2019", http.StatusOK)
	if after := metric(t, c, "igmc_replica_reads_total"); after <= before {
		t.Errorf("the scorecard page read nothing from the replica: %v → %v", before, after)
	}
}

// TestLaggingReplicaIsSkipped: a replica whose replay stops falls behind
// as the primary takes writes; once past the allowed lag /readyz names it
// as skipped (still ready) and reads go to the primary, until it catches
// up again.
func TestLaggingReplicaIsSkipped(t *testing.T) {
	c, replica := replicated(t, time.Second)
	readerToken := c.userToken("reader@example.org", indicators.RoleAuditor)
	reader := c.as(readerToken)
	storagetest.CaughtUp(t, c.store)
	pauseReplay(t, replica)
	c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2019","value":80}`, 201, nil)
	storagetest.WaitFor(t, "/readyz to call the replica lagging", func() bool {
		return ready(t, c).Replicas[0].State == "lagging"
	})
	r := ready(t, c).Replicas[0]
	if !strings.Contains(r.Reason, "skipped") || !strings.Contains(r.Reason, "behind the primary") || r.LagSeconds <= 1 || r.LagBytes <= 0 {
		t.Errorf("/readyz on the lagging replica: %+v", r)
	}
	if lag := metric(t, c, "igmc_replica_lag_seconds"); lag <= 1 {
		t.Errorf("/metrics gives a lag of %v s", lag)
	}
	if up := metric(t, c, "igmc_replica_up"); up != 1 {
		t.Errorf("/metrics says the lagging replica is up=%v", up)
	}
	for _, path := range []string{"/api/v1/measurements?framework=igmc&zone=LY", "/api/v1/zones/LY/scorecard?year=2019"} {
		before, primary := metric(t, c, "igmc_replica_reads_total"), metric(t, c, "igmc_replica_primary_reads_total")
		body := reader.do("GET", path, "", 200, nil)
		after, primaryAfter := metric(t, c, "igmc_replica_reads_total"), metric(t, c, "igmc_replica_primary_reads_total")
		if after != before || primaryAfter <= primary {
			t.Errorf("GET %s with the replica lagging: replica reads %v → %v, primary reads %v → %v", path, before, after, primary, primaryAfter)
		}
		if strings.Contains(path, "measurements") && !strings.Contains(string(body), `"SPC-01"`) {
			t.Errorf("GET %s from the primary misses the value: %s", path, body)
		}
	}
	storagetest.MustExec(t, replica, "SELECT pg_wal_replay_resume()")
	storagetest.CaughtUp(t, c.store)
	if r := ready(t, c).Replicas[0]; r.State != "ok" || r.LagSeconds != 0 {
		t.Errorf("/readyz once the replica caught up: %+v", r)
	}
}

// TestWriterReadsOwnWrite: while the replica has stopped replaying (but is
// still within the allowed lag, so it serves), a client that writes reads
// its write back at once — a browser session through its cookie, on this
// instance and on another, a bearer token through this instance's memory —
// while a client that wrote nothing reads the replica, which does not have
// the write yet.
func TestWriterReadsOwnWrite(t *testing.T) {
	c, replica := replicated(t, time.Hour)
	officer := signInPage(t, c, "officer@example.org", indicators.RoleOfficer, "LY")
	other := c.as(c.userToken("reader@example.org", indicators.RoleAuditor))
	// A second instance on the same database, with its own memory.
	srv2 := httptest.NewServer(web.New(c.store, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	t.Cleanup(srv2.Close)
	storagetest.CaughtUp(t, c.store)
	pauseReplay(t, replica)

	const list = "/api/v1/measurements?framework=igmc&zone=LY&period=2019"
	resp, body := exchange(t, c.srv.URL, httpCall{method: "POST", path: "/api/v1/measurements", ctype: "application/json",
		body:    `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2019","value":80}`,
		cookies: []*http.Cookie{officer.session}, header: map[string]string{"X-CSRF-Token": officer.csrf}})
	wrote := cookieNamed(resp, "igmc_wrote")
	if resp.StatusCode != http.StatusCreated || wrote == nil {
		t.Fatalf("the officer's write: %d, cookie %v: %s", resp.StatusCode, wrote, body)
	}
	pos, err := indicators.ParseWALPosition(wrote.Value)
	if err != nil || pos == 0 || !wrote.HttpOnly || wrote.MaxAge <= 0 {
		t.Fatalf("the write position cookie %+v: %v", wrote, err)
	}
	has := func(base string, cookies ...*http.Cookie) bool {
		t.Helper()
		resp, body := exchange(t, base, httpCall{method: "GET", path: list, cookies: cookies})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d: %s", list, resp.StatusCode, body)
		}
		return strings.Contains(string(body), `"SPC-01"`)
	}
	session := &http.Cookie{Name: wrote.Name, Value: wrote.Value}
	if !has(c.srv.URL, officer.session, session) {
		t.Error("the officer does not read back its write")
	}
	if !has(c.srv.URL, officer.session) {
		t.Error("the officer, without the cookie, does not read back its write on the instance it wrote through")
	}
	if !has(srv2.URL, officer.session, session) {
		t.Error("the officer does not read back its write on another instance")
	}

	// Another client, which wrote nothing, is served by the replica, which
	// is within the allowed lag and has not replayed the write.
	before := metric(t, c, "igmc_replica_reads_total")
	var l listOf[measurementJSON]
	other.do("GET", list, "", 200, &l)
	if l.Total != 0 || metric(t, c, "igmc_replica_reads_total") <= before {
		t.Errorf("the other client read %d values, the replica's reads %v → %v", l.Total, before, metric(t, c, "igmc_replica_reads_total"))
	}
	// So is a browser whose cookie holds no position, or a malformed one.
	for _, v := range []string{"", "nonsense", "1/2/3", strings.Repeat("F", 40)} {
		if has(srv2.URL, officer.session, &http.Cookie{Name: "igmc_wrote", Value: v}) {
			t.Errorf("with the cookie %q the officer reads from the primary on the instance it did not write through", v)
		}
	}
	// A bearer token that writes reads its write back on its instance.
	const all = "/api/v1/measurements?framework=igmc&zone=LY"
	c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2020","value":70}`, 201, nil)
	c.do("GET", all, "", 200, &l)
	if l.Total != 2 {
		t.Errorf("the token reads %d values back, want 2", l.Total)
	}
	// Once the replica has replayed the writes, the other client has them.
	storagetest.MustExec(t, replica, "SELECT pg_wal_replay_resume()")
	storagetest.CaughtUp(t, c.store)
	other.do("GET", all, "", 200, &l)
	if l.Total != 2 {
		t.Errorf("once replayed, the other client reads %d values, want 2", l.Total)
	}
}

// TestReadinessWithoutReplicas: without replicas /readyz says nothing of them.
func TestReadinessWithoutReplicas(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		var r map[string]json.RawMessage
		c.do("GET", "/readyz", "", 200, &r)
		if _, ok := r["replicas"]; ok {
			t.Errorf("/readyz names replicas: %v", r)
		}
	})
}
