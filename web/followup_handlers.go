package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// followUpFilter reads ?framework=&zone=&status= and narrows it to the
// caller's zones; a zone outside them is refused.
func followUpFilter(c *gin.Context, framework, zone, status string) (indicators.FollowUpFilter, error) {
	f := indicators.FollowUpFilter{Framework: framework, Zone: zone, Zones: principalOf(c).ScopeCodes()}
	if zone != "" {
		if err := scope(c, zone); err != nil {
			return f, err
		}
	}
	st, err := indicators.ParseFollowUpStatus(status)
	f.Status = st
	return f, err
}

// followUpsList serves GET /api/v1/follow-ups?framework=&zone=&status=:
// the follow-ups of the caller's zones, newest first (at most 500).
func (s *Server) followUpsList(c *gin.Context) {
	f, err := followUpFilter(c, c.Query("framework"), c.Query("zone"), c.Query("status"))
	if err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.svc.ListFollowUps(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(out))
}

type followUpBody struct {
	Framework string `json:"framework_code" validate:"required,maxcode"`
	Zone      string `json:"zone_code" validate:"required,maxcode"`
	Indicator string `json:"indicator_code" validate:"required,maxcode"`
	Period    string `json:"period" validate:"required,maxperiod"`
	Note      string `json:"note" validate:"required,maxcomment"`
}

// followUpsCreate serves POST /api/v1/follow-ups with {"framework_code",
// "zone_code", "indicator_code", "period", "note"}: a reviewer or auditor
// flags a value; 201 with the follow-up.
func (s *Server) followUpsCreate(c *gin.Context) {
	var b followUpBody
	if err := bindJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	f, err := s.svc.CreateFollowUp(c.Request.Context(), indicators.FollowUpInput(b), principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, f)
}

type resolveBody struct {
	Note string `json:"note" validate:"required,maxcomment"`
}

// followUpID reads the {id} of a follow-up route.
func (s *Server) followUpID(c *gin.Context) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(c, indicators.Errorf(indicators.NotFound, "no such follow-up %q", indicators.Excerpt(c.Param("id"))))
		return 0, false
	}
	return id, true
}

// followUpsResolve serves POST /api/v1/follow-ups/{id}/resolve with
// {"note"}: the flag is resolved.
func (s *Server) followUpsResolve(c *gin.Context) {
	id, ok := s.followUpID(c)
	if !ok {
		return
	}
	var b resolveBody
	if err := bindJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	f, err := s.svc.ResolveFollowUp(c.Request.Context(), id, b.Note, principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, f)
}
