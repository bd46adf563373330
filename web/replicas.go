package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"igmc/indicators"
)

// Read-your-writes with read replicas: after a request that may have
// written, the primary's log position is recorded for the client that
// made it — in a cookie for a browser (so that any instance sees it) and
// in this instance's memory for a session or a bearer token — and every
// later request of that client carries it on its context, so that the
// store reads from a replica only once it has replayed that far.
// A forged or stale cookie can only send its bearer's reads to the
// primary: it needs no secret, only a strict parse.

const (
	// writeCookie holds the position of the browser's last write.
	writeCookie = "igmc_wrote"
	// writeKeep is how long a position is kept: longer than any replica
	// that serves may be behind (the allowed lag is at most an hour).
	writeKeep = time.Hour + time.Minute
	// maxWriters bounds the positions kept in memory.
	maxWriters = 10000
	// writePositionTimeout bounds the query of the position after a write.
	writePositionTimeout = 2 * time.Second
)

// replicaStore is what read-your-writes needs of the store.
type replicaStore interface {
	HasReplicas() bool
	WritePosition(ctx context.Context) (indicators.WALPosition, error)
	Replicas() (list []indicators.ReplicaStatus, primaryReads int64)
}

// writers holds the last write position of each session and token seen
// writing through this instance.
type writers struct {
	mu sync.Mutex
	m  map[string]written
}

type written struct {
	pos indicators.WALPosition
	at  time.Time
}

func (w *writers) get(key string, now time.Time) indicators.WALPosition {
	if key == "" {
		return 0
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	e, ok := w.m[key]
	if !ok || now.Sub(e.at) > writeKeep {
		return 0
	}
	return e.pos
}

func (w *writers) put(key string, pos indicators.WALPosition, now time.Time) {
	if key == "" || pos == 0 {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.m == nil {
		w.m = map[string]written{}
	}
	if _, ok := w.m[key]; !ok && len(w.m) >= maxWriters {
		for k, e := range w.m {
			if now.Sub(e.at) > writeKeep {
				delete(w.m, k)
			}
		}
		if len(w.m) >= maxWriters {
			// Forget an arbitrary half: each forgotten client reads from a
			// replica that may not have its last write for at most the lag.
			n := 0
			for k := range w.m {
				delete(w.m, k)
				if n++; n >= maxWriters/2 {
					break
				}
			}
		}
	}
	if e := w.m[key]; e.pos < pos {
		w.m[key] = written{pos: pos, at: now}
	}
}

// writerKey names the client of a request for writers: its session or a
// hash of its bearer token; "" for nobody.
func writerKey(c *gin.Context) string {
	if h := c.GetHeader("Authorization"); h != "" {
		sum := sha256.Sum256([]byte(strings.TrimSpace(strings.TrimPrefix(h, "Bearer "))))
		return "t:" + hex.EncodeToString(sum[:])
	}
	if p := principalOf(c); p != nil && p.Session != "" {
		return "s:" + p.Session
	}
	return ""
}

// followWrites puts the client's last write position on the request's
// context and, after a request that may write, records the new one.
func (s *Server) followWrites(c *gin.Context) {
	if s.replicated == nil {
		c.Next()
		return
	}
	key := writerKey(c)
	after := s.writers.get(key, time.Now())
	if v, err := c.Cookie(writeCookie); err == nil {
		if p, err := indicators.ParseWALPosition(v); err == nil && p > after {
			after = p
		}
	}
	if after > 0 {
		c.Request = c.Request.WithContext(indicators.WithReadAfter(c.Request.Context(), after))
	}
	if safeMethod(c.Request.Method) {
		c.Next()
		return
	}
	w := &positionWriter{ResponseWriter: c.Writer}
	w.record = func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request.Context()), writePositionTimeout)
		defer cancel()
		pos, err := s.replicated.WritePosition(ctx)
		if err != nil || pos == 0 {
			s.log.Warn("the write position could not be read: this client may read from a replica that lacks its write", "route", c.FullPath())
			return
		}
		s.writers.put(key, pos, time.Now())
		if !w.ResponseWriter.Written() {
			s.setCookie(c, writeCookie, pos.String(), int(writeKeep.Seconds()))
		}
	}
	c.Writer = w
	c.Next()
	// A handler that answered nothing yet, or one that streamed its answer
	// while it worked: the position after all its work (for a stream, in
	// memory only, its headers being gone).
	if w.flushed {
		w.recorded = false
	}
	w.flush()
}

// positionWriter records the write position just before the answer's
// headers go out, so that the cookie goes with them.
type positionWriter struct {
	gin.ResponseWriter
	record   func()
	recorded bool
	flushed  bool
}

func (w *positionWriter) flush() {
	if !w.recorded {
		w.recorded = true
		w.record()
	}
}

func (w *positionWriter) Write(b []byte) (int, error) {
	w.flush()
	return w.ResponseWriter.Write(b)
}

func (w *positionWriter) WriteString(s string) (int, error) {
	w.flush()
	return w.ResponseWriter.WriteString(s)
}

func (w *positionWriter) WriteHeaderNow() {
	w.flush()
	w.ResponseWriter.WriteHeaderNow()
}

func (w *positionWriter) Flush() {
	w.flush()
	w.flushed = true
	w.ResponseWriter.Flush()
}

// replicaReport is /readyz's word on each replica.
type replicaReport struct {
	Name       string  `json:"name"`
	State      string  `json:"state"`
	Reason     string  `json:"reason,omitempty"`
	Replayed   string  `json:"replayed,omitempty"`
	LagBytes   int64   `json:"lag_bytes"`
	LagSeconds float64 `json:"lag_seconds"`
	// Current: it has replayed every change this instance knows of.
	Current bool `json:"current"`
}

func (s *Server) replicaReports() []replicaReport {
	if s.replicated == nil {
		return nil
	}
	list, _ := s.replicated.Replicas()
	out := make([]replicaReport, 0, len(list))
	for _, r := range list {
		rep := replicaReport{Name: r.Name, State: string(r.State), Reason: r.Reason, LagBytes: r.LagBytes, LagSeconds: r.LagSeconds, Current: r.Current}
		if r.Replayed != 0 {
			rep.Replayed = r.Replayed.String()
		}
		if r.State != indicators.ReplicaOK && rep.Reason != "" {
			rep.Reason = "skipped: " + rep.Reason
		}
		out = append(out, rep)
	}
	return out
}

// replicaCollector reports the replicas on /metrics, as the store last
// found them.
type replicaCollector struct {
	store                          replicaStore
	up, lagSeconds, lagBytes, read *prometheus.Desc
	primaryReads                   *prometheus.Desc
}

func newReplicaCollector(store replicaStore) *replicaCollector {
	l := []string{"replica"}
	return &replicaCollector{
		store:        store,
		up:           prometheus.NewDesc("igmc_replica_up", "1 when the read replica answers and is a standby, else 0.", l, nil),
		lagSeconds:   prometheus.NewDesc("igmc_replica_lag_seconds", "How long the read replica is behind the primary (0 when it has replayed all the primary wrote).", l, nil),
		lagBytes:     prometheus.NewDesc("igmc_replica_lag_bytes", "How many bytes of the primary's log the read replica has yet to replay.", l, nil),
		read:         prometheus.NewDesc("igmc_replica_reads_total", "Reads served by the read replica.", l, nil),
		primaryReads: prometheus.NewDesc("igmc_replica_primary_reads_total", "Reads a replica could have served that the primary served (no replica usable, or none had replayed the client's last write).", nil, nil),
	}
}

func (rc *replicaCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{rc.up, rc.lagSeconds, rc.lagBytes, rc.read, rc.primaryReads} {
		ch <- d
	}
}

func (rc *replicaCollector) Collect(ch chan<- prometheus.Metric) {
	list, primary := rc.store.Replicas()
	for _, r := range list {
		up := 0.0
		if r.State == indicators.ReplicaOK || r.State == indicators.ReplicaLagging {
			up = 1
		}
		ch <- prometheus.MustNewConstMetric(rc.up, prometheus.GaugeValue, up, r.Name)
		ch <- prometheus.MustNewConstMetric(rc.lagSeconds, prometheus.GaugeValue, r.LagSeconds, r.Name)
		ch <- prometheus.MustNewConstMetric(rc.lagBytes, prometheus.GaugeValue, float64(r.LagBytes), r.Name)
		ch <- prometheus.MustNewConstMetric(rc.read, prometheus.CounterValue, float64(r.Reads), r.Name)
	}
	ch <- prometheus.MustNewConstMetric(rc.primaryReads, prometheus.CounterValue, float64(primary))
}
