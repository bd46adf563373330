package web

import (
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/reports"
)

// auditEvents serves GET /api/v1/audit/events with the filters entity,
// entity_id, actor, from, to (RFC 3339 or YYYY-MM-DD) and limit/cursor.
// Officers and reviewers see the events of their zones.
func (s *Server) auditEvents(c *gin.Context) {
	f := indicators.AuditFilter{Entity: c.Query("entity"), EntityID: c.Query("entity_id"), Actor: c.Query("actor")}
	var fields []indicators.FieldError
	for _, t := range []struct {
		name string
		dst  *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := c.Query(t.name); v != "" {
			tm, err := time.Parse(time.RFC3339, v)
			if err != nil {
				tm, err = time.Parse("2006-01-02", v)
			}
			if err != nil {
				fields = append(fields, indicators.FieldError{Field: t.name, Code: "invalid", Message: t.name + " must be a date (2019-03-31) or a time (2019-03-31T12:00:00Z)"})
			}
			*t.dst = tm
		}
	}
	f.Limit, f.After, fields = paging(c, fields)
	if len(fields) > 0 {
		s.fail(c, indicators.FieldsError("the query is not valid", fields))
		return
	}
	page, err := s.svc.ListAuditEvents(c.Request.Context(), f, principalOf(c).ScopeCodes())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, pageOf(page))
}

// auditVerify serves GET /api/v1/audit/verify: the chain and every value
// checked, {"ok": bool, …} naming the first problem. A caller kept to some
// zones learns only whether the check holds (ScopedVerify).
func (s *Server) auditVerify(c *gin.Context) {
	rep, err := s.svc.VerifyAudit(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	if !principalOf(c).AllZones() {
		c.JSON(http.StatusOK, ScopedVerifyOf(rep))
		return
	}
	c.JSON(http.StatusOK, rep)
}

// ScopedVerify is what a caller kept to some zones (an officer, a reviewer)
// learns of the check of the whole trail: whether it holds, and no more.
// The chain's head, its length and the first broken event or value
// describe every zone's events, so they are for auditors and
// administrators only.
type ScopedVerify struct {
	OK           bool   `json:"ok"`
	Problem      string `json:"problem,omitempty"`
	MethodOfHash string `json:"hash"`
}

// scopedProblem is the problem a scoped caller is told of.
const scopedProblem = "the audit trail does not verify: an auditor or an administrator can see where"

// ScopedVerifyOf keeps of rep what a scoped caller may see.
func ScopedVerifyOf(rep indicators.VerifyReport) ScopedVerify {
	v := ScopedVerify{OK: rep.OK, MethodOfHash: rep.MethodOfHash}
	if !rep.OK {
		v.Problem = scopedProblem
	}
	return v
}

// exportAudit serves GET /api/v1/exports/audit.csv: the trail with its
// hashes, streamed (officers and reviewers: the events of their zones).
func (s *Server) exportAudit(c *gin.Context) {
	s.streamCSV(c, "audit.csv", func(w io.Writer) error {
		return reports.WriteAuditCSV(c.Request.Context(), s.svc, w, principalOf(c).ScopeCodes())
	})
}
