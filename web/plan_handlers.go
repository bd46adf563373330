package web

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/reports"
	"igmc/scoring"
)

// planStore is what the plan and applicability routes need of the store.
type planStore interface {
	// ImportPlans reads a plan file into new plan versions, all or nothing.
	ImportPlans(ctx context.Context, rd indicators.RowReader, opts indicators.PlanImportOptions) (indicators.PlanImportResult, error)
	// ZonePlan is a zone's adopted (official) or latest (working) plan.
	ZonePlan(ctx context.Context, framework, zone string, basis scoring.Basis) (indicators.ZonePlan, error)
	// AdoptPlan adopts a version of a zone's plan.
	AdoptPlan(ctx context.Context, framework, zone string, version int, comment string, by *indicators.Principal) (indicators.ZonePlan, error)
	// Applicability lists what does not apply to a zone.
	Applicability(ctx context.Context, framework, zone string) ([]indicators.Applicability, error)
	// MarkNotApplicable records a zone's not-applicable mark.
	MarkNotApplicable(ctx context.Context, framework, zone, indicator, reason string, by *indicators.Principal) (indicators.Applicability, error)
	// ReviewApplicability approves or rejects a mark.
	ReviewApplicability(ctx context.Context, framework, zone, indicator string, approve bool, comment string, by *indicators.Principal) (indicators.Applicability, error)
}

// plansImport serves POST /api/v1/plans/import?framework=&dry_run=: a plan
// file (CSV or XLSX, as the body or the multipart field file), all or
// nothing, by officers of the zones it names and administrators.
func (s *Server) plansImport(c *gin.Context) {
	fw := c.Query("framework")
	if fw == "" {
		s.fail(c, bad("the query parameter framework is required"))
		return
	}
	dry, err := boolQuery(c, "dry_run")
	if err != nil {
		s.fail(c, err)
		return
	}
	rd, done, err := s.openUpload(c, maxSmallUpload)
	defer done()
	if err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.svc.ImportPlans(c.Request.Context(), rd, indicators.PlanImportOptions{Framework: fw, DryRun: dry, By: principalOf(c)})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

// planShow serves GET /api/v1/zones/{zone}/plan?framework=&status=: the
// adopted plan (status=approved, the default) or the latest (status=any).
func (s *Server) planShow(c *gin.Context) {
	zone := c.Param("zone")
	if err := scope(c, zone); err != nil {
		s.fail(c, err)
		return
	}
	basis, err := reports.BasisOf(c.Query("status"))
	if err != nil {
		s.fail(c, err)
		return
	}
	p, err := s.svc.ZonePlan(c.Request.Context(), c.DefaultQuery("framework", indicators.IGMC.Code), zone, basis)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

type adoptBody struct {
	Framework string `json:"framework" validate:"maxcode"`
	Version   int    `json:"version" validate:"required,min=1"`
	Comment   string `json:"comment" validate:"required,maxcomment"`
}

// planAdopt serves POST /api/v1/zones/{zone}/plan/adopt
// {"framework","version","comment"}: a reviewer of the zone adopts a
// version.
func (s *Server) planAdopt(c *gin.Context) {
	var b adoptBody
	if err := bindJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	if b.Framework == "" {
		b.Framework = indicators.IGMC.Code
	}
	p, err := s.svc.AdoptPlan(c.Request.Context(), b.Framework, c.Param("zone"), b.Version, b.Comment, principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

// applicabilityList serves GET /api/v1/zones/{zone}/applicability?framework=.
func (s *Server) applicabilityList(c *gin.Context) {
	zone := c.Param("zone")
	if err := scope(c, zone); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.svc.Applicability(c.Request.Context(), c.DefaultQuery("framework", indicators.IGMC.Code), zone)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(out))
}

type markBody struct {
	Framework     string `json:"framework" validate:"maxcode"`
	IndicatorCode string `json:"indicator_code" validate:"required,maxcode"`
	Reason        string `json:"reason" validate:"required,maxcomment"`
}

// applicabilityMark serves POST /api/v1/zones/{zone}/applicability
// {"framework","indicator_code","reason"}: an officer of the zone marks an
// indicator not applicable, awaiting review.
func (s *Server) applicabilityMark(c *gin.Context) {
	var b markBody
	if err := bindJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	if b.Framework == "" {
		b.Framework = indicators.IGMC.Code
	}
	a, err := s.svc.MarkNotApplicable(c.Request.Context(), b.Framework, c.Param("zone"), b.IndicatorCode, b.Reason, principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, a)
}

type reviewMarkBody struct {
	Framework string `json:"framework" validate:"maxcode"`
	Comment   string `json:"comment" validate:"maxcomment"`
}

// applicabilityReview serves POST
// /api/v1/zones/{zone}/applicability/{indicator}/approve and …/reject
// {"framework","comment"}: a reviewer of the zone decides on a mark.
func (s *Server) applicabilityReview(approve bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		var b reviewMarkBody
		if err := bindJSON(c, &b); err != nil {
			s.fail(c, err)
			return
		}
		if b.Framework == "" {
			b.Framework = indicators.IGMC.Code
		}
		a, err := s.svc.ReviewApplicability(c.Request.Context(), b.Framework, c.Param("zone"), c.Param("indicator"), approve, b.Comment, principalOf(c))
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, a)
	}
}
