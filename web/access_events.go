package web

import (
	"context"
	"mime"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// Access events (docs/security.md): every file a route hands out — an
// export, a report, the bundle, an evidence file — is recorded on the
// audit trail with who took it and what they asked for. Sign-ins are
// recorded by the store, which knows how they ended.

// accessOf names the access event a route's answer records, "" for none:
// the bundle, an evidence file, or any other file of the export
// permission (the exports, the reports in CSV, PDF and Excel).
func accessOf(r Route) string {
	switch {
	case r.Method != "GET":
		return ""
	case r.Path == "/api/v1/exports/bundle.zip":
		return indicators.AccessBundle
	case r.Path == "/api/v1/evidence/:sha256":
		return indicators.AccessEvidence
	case r.Perm == PermExport && (strings.HasPrefix(r.Path, "/api/v1/exports/") || strings.HasSuffix(r.Path, ".csv") ||
		strings.HasSuffix(r.Path, ".pdf") || strings.HasSuffix(r.Path, ".xlsx")):
		return indicators.AccessExport
	}
	return ""
}

// accessRecordTime bounds the recording of one access, which runs after
// the file went out and so outside the request's own time.
const accessRecordTime = 30 * time.Second

// recordAccess records the route's access once its handler answered with
// success. The file has gone out by then: a failure to record is logged.
func (s *Server) recordAccess(action string) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Next()
		if st := c.Writer.Status(); st < 200 || st >= 300 {
			return
		}
		q := c.Request.URL.Query()
		d := indicators.AccessDetail{Path: c.Request.URL.Path, Framework: q.Get("framework"), Year: q.Get("year"),
			Zone: c.Param("zone"), Filter: c.Request.URL.RawQuery, SHA256: c.Param("sha256")}
		if d.Zone == "" {
			d.Zone = q.Get("zone")
		}
		if _, params, err := mime.ParseMediaType(c.Writer.Header().Get("Content-Disposition")); err == nil {
			d.File = params["filename"]
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request.Context()), accessRecordTime)
		defer cancel()
		if err := s.svc.RecordAccess(ctx, principalOf(c), action, d); err != nil {
			s.log.Warn("a download was not recorded in the audit trail", "action", action, "path", d.Path, "err", indicators.CodeOf(err))
		}
	}
}
