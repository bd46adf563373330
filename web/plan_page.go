package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/scoring"
)

// The plan page of a zone: the entries of its latest and its adopted plan
// version, a form for officers to edit the plan (the plan CSV typed, or a
// file) and one for reviewers to adopt the latest version; and what does
// not apply to the zone, with the forms to mark an indicator not
// applicable and to review a mark.

// planData is the page's data.
type planData struct {
	Zone       indicators.Zone
	Framework  string
	Indicators []indicators.Indicator
	Latest     *indicators.ZonePlan
	Adopted    *indicators.ZonePlan
	// PlanText is the plan CSV in the edit form: what was sent, else the
	// latest version's entries.
	PlanText string
	Comment  string
	MayEdit  bool
	MayAdopt bool
	// Marks are the zone's not-applicable indicators and marks.
	Marks   []indicators.Applicability
	Problem *pageProblem
	// Rows are the bad rows of a refused plan.
	Rows []indicators.FieldError
}

// IndicatorName is an indicator's name in the page's language.
func (d *planData) IndicatorName(l *Lang, code string) string {
	for _, ind := range d.Indicators {
		if ind.Code == code {
			return l.Name(ind.NameEn, ind.NameZh)
		}
	}
	return code
}

func planTarget(zone, fw string) string {
	return "/zones/" + url.PathEscape(zone) + "/plan?" + url.Values{"framework": {fw}}.Encode()
}

// planPage serves GET /zones/{zone}/plan?framework=.
func (s *Server) planPage(c *gin.Context) {
	s.renderPlan(c, http.StatusOK, pageFramework(c), &planData{})
}

// planSave serves POST /zones/{zone}/plan: the plan CSV from the text
// field plan (a form) or the file field file (an upload, with the CSRF
// token and the framework in the query), as a new version of the zone's
// plan. Rows naming another zone are refused.
func (s *Server) planSave(c *gin.Context) {
	zone := c.Param("zone")
	fw := c.DefaultQuery("framework", c.DefaultPostForm("framework", indicators.IGMC.Code))
	var rd indicators.RowReader
	d := &planData{}
	if strings.HasPrefix(c.ContentType(), "multipart/form-data") {
		r, done, err := s.openUpload(c, maxSmallUpload)
		defer done()
		if err != nil {
			d.Problem = problemOf(langOf(c), err)
			s.renderPlan(c, statusOf[indicators.CodeOf(err)], fw, d)
			return
		}
		rd = r
	} else {
		d.PlanText, d.Comment = c.PostForm("plan"), strings.TrimSpace(c.PostForm("comment"))
		rd = indicators.NewCSVRows(strings.NewReader(d.PlanText))
	}
	res, err := s.svc.ImportPlans(c.Request.Context(), rd, indicators.PlanImportOptions{Framework: fw, Zone: zone, Comment: d.Comment, By: principalOf(c)})
	if err != nil {
		if !shownInPlace(err) {
			s.fail(c, err)
			return
		}
		d.Problem = problemOf(langOf(c), err)
		if e, ok := err.(*indicators.Error); ok {
			d.Rows = e.Fields
		}
		s.renderPlan(c, statusOf[indicators.CodeOf(err)], fw, d)
		return
	}
	msg := langOf(c).T("plan.flash.unchanged")
	if v, ok := res.Versions[zone]; ok {
		msg = langOf(c).T("plan.flash.saved", "Version", v)
	}
	s.setPageFlash(c, msg)
	c.Redirect(http.StatusSeeOther, planTarget(zone, fw))
}

// planAdoptForm serves POST /zones/{zone}/plan/adopt: version and
// comment.
func (s *Server) planAdoptForm(c *gin.Context) {
	zone, fw := c.Param("zone"), c.DefaultPostForm("framework", indicators.IGMC.Code)
	d := &planData{Comment: strings.TrimSpace(c.PostForm("comment"))}
	v, err := strconv.Atoi(c.PostForm("version"))
	if err != nil {
		v = 0
	}
	if _, err := s.svc.AdoptPlan(c.Request.Context(), fw, zone, v, d.Comment, principalOf(c)); err != nil {
		s.planRefused(c, fw, d, err)
		return
	}
	s.setPageFlash(c, langOf(c).T("plan.flash.adopted", "Version", v))
	c.Redirect(http.StatusSeeOther, planTarget(zone, fw))
}

// applicabilityMarkForm serves POST /zones/{zone}/applicability:
// indicator_code and reason.
func (s *Server) applicabilityMarkForm(c *gin.Context) {
	zone, fw := c.Param("zone"), c.DefaultPostForm("framework", indicators.IGMC.Code)
	ind, reason := c.PostForm("indicator_code"), strings.TrimSpace(c.PostForm("reason"))
	if _, err := s.svc.MarkNotApplicable(c.Request.Context(), fw, zone, ind, reason, principalOf(c)); err != nil {
		s.planRefused(c, fw, &planData{}, err)
		return
	}
	s.setPageFlash(c, langOf(c).T("plan.flash.marked", "Indicator", ind))
	c.Redirect(http.StatusSeeOther, planTarget(zone, fw))
}

// applicabilityReviewForm serves POST /zones/{zone}/applicability/review:
// indicator_code, action (approve or reject) and comment.
func (s *Server) applicabilityReviewForm(c *gin.Context) {
	zone, fw := c.Param("zone"), c.DefaultPostForm("framework", indicators.IGMC.Code)
	ind, action := c.PostForm("indicator_code"), c.PostForm("action")
	if action != "approve" && action != "reject" {
		s.planRefused(c, fw, &planData{}, indicators.Errorf(indicators.Invalid, "action must be approve or reject"))
		return
	}
	if _, err := s.svc.ReviewApplicability(c.Request.Context(), fw, zone, ind, action == "approve", strings.TrimSpace(c.PostForm("comment")), principalOf(c)); err != nil {
		s.planRefused(c, fw, &planData{}, err)
		return
	}
	s.setPageFlash(c, langOf(c).T("plan.flash."+action, "Indicator", ind))
	c.Redirect(http.StatusSeeOther, planTarget(zone, fw))
}

// planRefused shows the page again with the store's refusal.
func (s *Server) planRefused(c *gin.Context, fw string, d *planData, err error) {
	if !shownInPlace(err) {
		s.fail(c, err)
		return
	}
	d.Problem = problemOf(langOf(c), err)
	s.renderPlan(c, statusOf[indicators.CodeOf(err)], fw, d)
}

// renderPlan loads the zone's plan versions and applicability into d.
func (s *Server) renderPlan(c *gin.Context, status int, fw string, d *planData) {
	ctx := c.Request.Context()
	zone := c.Param("zone")
	if err := scope(c, zone); err != nil {
		s.fail(c, err)
		return
	}
	z, err := s.svc.Zone(ctx, zone)
	if err != nil {
		s.fail(c, err)
		return
	}
	cat, err := s.svc.Catalogue(ctx, fw)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := principalOf(c)
	d.Zone, d.Framework, d.Indicators = z, fw, cat.Indicators
	d.MayEdit, d.MayAdopt = p.MayEditPlan(zone), p.MayAdoptPlan(zone)
	for _, basis := range []scoring.Basis{scoring.BasisWorking, scoring.BasisOfficial} {
		plan, err := s.svc.ZonePlan(ctx, fw, zone, basis)
		if indicators.CodeOf(err) == indicators.NotFound {
			continue
		}
		if err != nil {
			s.fail(c, err)
			return
		}
		if basis == scoring.BasisWorking {
			d.Latest = &plan
		} else {
			d.Adopted = &plan
		}
	}
	if d.PlanText == "" && d.Problem == nil {
		var buf bytes.Buffer
		var es []indicators.PlanEntry
		if d.Latest != nil {
			es = d.Latest.Entries
		}
		if err := indicators.WritePlan(&buf, es); err != nil {
			s.fail(c, err)
			return
		}
		d.PlanText = buf.String()
	}
	if d.Marks, err = s.svc.Applicability(ctx, fw, zone); err != nil {
		s.fail(c, err)
		return
	}
	s.renderView(c, status, "plan", &View{Nav: "", Data: d, Flash: s.takePageFlash(c)})
}
