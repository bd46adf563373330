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

// withDBTimeout puts the request's deadline for database work on its
// context, which every store call runs with: the PostgreSQL driver cancels
// the statement on the server when it passes, SQLite interrupts it, and
// waiting for a connection or a lock stops too. The error mapping (fail)
// answers 503.
func (s *Server) withDBTimeout(c *gin.Context) {
	d := s.DBTimeout
	if s.bulk[routeKey{c.Request.Method, c.FullPath()}] {
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
// With read replicas it also names each with its state and lag, as the
// store last found them; a replica that is down or behind is skipped (its
// reads go to the primary), so it never makes the instance unready.
func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request.Context()), readyTimeout)
	defer cancel()
	replicas := s.replicaReports()
	if err := s.svc.Ping(ctx); err != nil {
		s.log.Warn("readiness check failed", "err", err)
		c.JSON(http.StatusServiceUnavailable, withReplicas(gin.H{"status": "unavailable", "database": "unreachable"}, replicas))
		return
	}
	c.JSON(http.StatusOK, withReplicas(gin.H{"status": "ready", "database": "ok"}, replicas))
}

func withReplicas(h gin.H, replicas []replicaReport) gin.H {
	if replicas != nil {
		h["replicas"] = replicas
	}
	return h
}
