package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// The follow-up page (SPEC §8): the flags of the user's zones with a
// filter, the form that flags a value and, on each open flag, the form
// that resolves it — for those who may (reviewers, auditors,
// administrators).

var _ = registerFuncs(template.FuncMap{
	// timeOf is the moment a pointer holds, the zero time for none.
	"timeOf": func(t *time.Time) time.Time {
		if t == nil {
			return time.Time{}
		}
		return *t
	},
})

// followUpForm is the flag form as typed, with its errors.
type followUpForm struct {
	indicators.FollowUpInput
	Errors map[string]string
}

type followUpsData struct {
	Framework, Zone, Status string
	Frameworks              []indicators.Framework
	Zones                   zonePicker
	Indicators              []indicators.Indicator
	Items                   []indicators.FollowUp
	// MayFlag: the user may flag and resolve.
	MayFlag bool
	Form    followUpForm
	// Resolving is the id of the resolve form that was refused, with its
	// error.
	Resolving    int64
	ResolveError string
	Problem      *pageProblem
}

// followUpsPage serves GET /follow-ups?framework=&zone=&status= (open by
// default; all for both).
func (s *Server) followUpsPage(c *gin.Context) {
	status := c.DefaultQuery("status", indicators.FollowUpOpen)
	if status == "all" {
		status = ""
	}
	s.renderFollowUps(c, http.StatusOK, pageFramework(c), c.Query("zone"), status, nil)
}

func (s *Server) renderFollowUps(c *gin.Context, code int, framework, zone, status string, edit func(d *followUpsData)) {
	ctx := c.Request.Context()
	p := principalOf(c)
	f, err := followUpFilter(c, framework, zone, status)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := &followUpsData{Framework: framework, Zone: zone, Status: status, MayFlag: Allowed(p.Role, PermFollowUp),
		Form: followUpForm{FollowUpInput: indicators.FollowUpInput{Framework: framework, Zone: zone}}}
	if d.Items, err = s.svc.ListFollowUps(ctx, f); err != nil {
		s.fail(c, err)
		return
	}
	all, err := s.svc.ListZones(ctx)
	if err == nil {
		d.Frameworks, err = s.svc.ListFrameworks(ctx)
	}
	var cat *indicators.Catalogue
	if err == nil {
		cat, err = s.svc.Catalogue(ctx, framework)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Indicators = cat.Indicators
	zones := visible(p, all, func(z *indicators.Zone) string { return z.Code })
	if edit != nil {
		edit(d)
	}
	d.Zones = pickZones(zones, d.Zone, d.Form.Zone)
	s.renderView(c, code, "follow_ups", &View{Nav: "follow_ups", Data: d})
}

// followUpsBack is where a form goes after success: the list it came from.
func followUpsBack(framework, zone, status string) string {
	q := url.Values{"framework": {framework}}
	if zone != "" {
		q.Set("zone", zone)
	}
	if status != "" {
		q.Set("status", status)
	}
	return "/follow-ups?" + q.Encode()
}

// followUpsFlag serves POST /follow-ups: framework_code, zone_code,
// indicator_code, period and note flag a value.
func (s *Server) followUpsFlag(c *gin.Context) {
	l := langOf(c)
	in := indicators.FollowUpInput{Framework: strings.TrimSpace(c.PostForm("framework_code")), Zone: strings.TrimSpace(c.PostForm("zone_code")),
		Indicator: strings.TrimSpace(c.PostForm("indicator_code")), Period: strings.TrimSpace(c.PostForm("period")), Note: strings.TrimSpace(c.PostForm("note"))}
	framework := in.Framework
	if framework == "" {
		framework = indicators.IGMC.Code
	}
	_, err := s.svc.CreateFollowUp(c.Request.Context(), in, principalOf(c))
	if err == nil {
		s.setPageFlash(c, l.T("quality.follow_ups.flagged", "Zone", in.Zone, "Indicator", in.Indicator, "Period", in.Period))
		c.Redirect(http.StatusSeeOther, followUpsBack(framework, "", indicators.FollowUpOpen))
		return
	}
	code := indicators.CodeOf(err)
	if code == indicators.Internal || code == indicators.Forbidden {
		s.fail(c, err)
		return
	}
	form := followUpForm{FollowUpInput: in, Errors: map[string]string{}}
	var problem *pageProblem
	if fe, ok := formErrors(l, "quality", err); ok {
		form.Errors = fe
	} else {
		problem = problemOf(l, err)
	}
	s.renderFollowUps(c, statusOf[code], framework, "", indicators.FollowUpOpen, func(d *followUpsData) { d.Form, d.Problem = form, problem })
}

// followUpsResolveForm serves POST /follow-ups/{id}/resolve: a note
// resolves the flag.
func (s *Server) followUpsResolveForm(c *gin.Context) {
	id, ok := s.followUpID(c)
	if !ok {
		return
	}
	l := langOf(c)
	framework := c.DefaultPostForm("framework", indicators.IGMC.Code)
	_, err := s.svc.ResolveFollowUp(c.Request.Context(), id, c.PostForm("note"), principalOf(c))
	if err == nil {
		s.setPageFlash(c, l.T("quality.follow_ups.resolved", "ID", id))
		c.Redirect(http.StatusSeeOther, followUpsBack(framework, "", indicators.FollowUpOpen))
		return
	}
	msg, code, ok := s.rowFormRefusal(c, err, "quality", "note")
	if !ok {
		return
	}
	if _, fields := formErrors(l, "quality", err); !fields && code == indicators.Conflict {
		msg = l.T("quality.error.already_resolved")
	}
	s.renderFollowUps(c, statusOf[code], framework, "", indicators.FollowUpOpen, func(d *followUpsData) { d.Resolving, d.ResolveError = id, msg })
}
