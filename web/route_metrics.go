package web

import (
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
)

// routeSeries keeps the metric series of each route and status once
// resolved: every request is counted and timed, and WithLabelValues would
// otherwise check and hash its labels, and format the status, each time.
type routeSeries struct {
	m      *metrics
	routes sync.Map // routeKey → *routeMetrics
}

type routeKey struct{ method, route string }

// routeMetrics is one route's duration series and its request counters by
// status, the latter as a list that is replaced, never changed, when a new
// status is seen (a route answers with a handful).
type routeMetrics struct {
	duration prometheus.Observer
	mu       sync.Mutex
	counts   atomic.Pointer[[]statusCounter]
	method   string
	route    string
	requests *prometheus.CounterVec
}

type statusCounter struct {
	status  int
	counter prometheus.Counter
}

// of is the series of a route, made on its first request.
func (rs *routeSeries) of(method, route string) *routeMetrics {
	k := routeKey{method, route}
	if v, ok := rs.routes.Load(k); ok {
		return v.(*routeMetrics)
	}
	rm := &routeMetrics{duration: rs.m.duration.WithLabelValues(method, route), method: method, route: route, requests: rs.m.requests}
	v, _ := rs.routes.LoadOrStore(k, rm)
	return v.(*routeMetrics)
}

// counter is the route's request counter for status.
func (rm *routeMetrics) counter(status int) prometheus.Counter {
	if l := rm.counts.Load(); l != nil {
		for _, sc := range *l {
			if sc.status == status {
				return sc.counter
			}
		}
	}
	rm.mu.Lock()
	defer rm.mu.Unlock()
	var old []statusCounter
	if l := rm.counts.Load(); l != nil {
		old = *l
		for _, sc := range old {
			if sc.status == status {
				return sc.counter
			}
		}
	}
	c := rm.requests.WithLabelValues(rm.method, rm.route, strconv.Itoa(status))
	l := append(old[:len(old):len(old)], statusCounter{status, c})
	rm.counts.Store(&l)
	return c
}
