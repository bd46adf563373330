package web

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// How long a request's database work may take before it is abandoned and
// answered 503 (see docs/security.md, "Limits on time"). A hung database
// then holds a request for at most this long instead of for as long as it
// hangs.
const (
	DefaultDBTimeout     = 30 * time.Second
	DefaultDBBulkTimeout = 10 * time.Minute
	// readyTimeout bounds the readiness probe's ping, whatever the other
	// limits are: a probe must answer promptly to be of use.
	readyTimeout = 2 * time.Second
)

// bulkRoutes are the routes that read or write whole files (imports,
// exports, the bundle and the audit check that reads every value): they
// get DBBulkTimeout instead of DBTimeout. Keyed by method and route
// pattern; TestBulkRoutesExist keeps the list in step with the route table.
var bulkRoutes = map[string]bool{
	"POST /api/v1/frameworks/:fw/catalogue":    true,
	"POST /api/v1/zones/import":                true,
	"POST /api/v1/measurements/import":         true,
	"POST /api/v1/plans/import":                true,
	"POST /import":                             true,
	"POST /import/confirm":                     true,
	"GET /api/v1/exports/measurements.csv":     true,
	"GET /api/v1/exports/measurements.xlsx":    true,
	"GET /api/v1/exports/audit.csv":            true,
	"GET /api/v1/exports/bundle.zip":           true,
	"GET /api/v1/audit/verify":                 true,
	"GET /api/v1/frameworks/:fw/catalogue.csv": true,
	"GET /api/v1/zones/:zone/progress.pdf":     true,
	"GET /api/v1/zones/:zone/scorecard.pdf":    true,
	"GET /api/v1/zones/:zone/progress.xlsx":    true,
	"GET /api/v1/zones/:zone/scorecard.xlsx":   true,
}

// withDBTimeout puts the request's deadline for database work on its
// context, which every store call runs with: the PostgreSQL driver cancels
// the statement on the server when it passes, SQLite interrupts it, and
// waiting for a connection or a lock stops too. The error mapping (fail)
// answers 503.
func (s *Server) withDBTimeout(c *gin.Context) {
	d := s.DBTimeout
	if bulkRoutes[c.Request.Method+" "+c.FullPath()] {
		d = s.DBBulkTimeout
	}
	if d <= 0 {
		c.Next()
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), d)
	defer cancel()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

// readyz serves GET /readyz: the database answers, within readyTimeout.
func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request.Context()), readyTimeout)
	defer cancel()
	if err := s.svc.Ping(ctx); err != nil {
		s.log.Warn("readiness check failed", "err", err)
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "database": "unreachable"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready", "database": "ok"})
}

// BulkRoutes lists the routes that get DBBulkTimeout, as "METHOD path".
func BulkRoutes() []string {
	out := make([]string, 0, len(bulkRoutes))
	for r := range bulkRoutes {
		out = append(out, r)
	}
	return out
}
