package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// The sign-off page (SPEC §9): a framework's sign-offs of one year in the
// user's zones, the form that signs off a zone's year and, on each sign-off
// in force, the form that withdraws it with a reason — for reviewers of
// the zone and administrators.

type signOffsData struct {
	Framework string
	Year      int
	Zones     []indicators.Zone
	Items     []indicators.SignOff
	// MaySignOff: the user may sign off and withdraw.
	MaySignOff bool
	Zone       string
	// Withdrawing is the id of the withdraw form that was refused, with
	// its error.
	Withdrawing   int64
	WithdrawError string
	Problem       *pageProblem
}

// signOffsPage serves GET /signoffs?framework=&year=&zone=.
func (s *Server) signOffsPage(c *gin.Context) {
	fw := pageFramework(c)
	y, ok := s.pageYear(c, fw)
	if !ok {
		return
	}
	s.renderSignOffs(c, http.StatusOK, fw, y, c.Query("zone"), nil)
}

func (s *Server) renderSignOffs(c *gin.Context, code int, framework string, year int, zone string, edit func(d *signOffsData)) {
	ctx := c.Request.Context()
	p := principalOf(c)
	d := &signOffsData{Framework: framework, Year: year, Zone: zone, MaySignOff: Allowed(p.Role, PermSignOff)}
	var err error
	if d.Items, err = s.svc.ListSignOffs(ctx, indicators.SignOffFilter{Framework: framework, Year: year}, p); err != nil {
		s.fail(c, err)
		return
	}
	all, err := s.svc.ListZones(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Zones = visible(p, all, func(z *indicators.Zone) string { return z.Code })
	if edit != nil {
		edit(d)
	}
	s.renderView(c, code, "signoffs", &View{Nav: "signoffs", Data: d})
}

// signOffsBack is where a form goes after success.
func signOffsBack(framework string, year int) string {
	return "/signoffs?" + url.Values{"framework": {framework}, "year": {strconv.Itoa(year)}}.Encode()
}

// formYear reads the year field of a form; 0 when it is not a year.
func formYear(c *gin.Context) int {
	y, err := indicators.ParseYear(strings.TrimSpace(c.PostForm("year")))
	if err != nil {
		return 0
	}
	return y
}

// signOffsSign serves POST /signoffs: framework, zone and year sign off.
func (s *Server) signOffsSign(c *gin.Context) {
	l := langOf(c)
	in := indicators.SignOffInput{Framework: c.DefaultPostForm("framework", indicators.IGMC.Code), Zone: strings.TrimSpace(c.PostForm("zone")), Year: formYear(c)}
	out, err := s.svc.SignOff(c.Request.Context(), in, principalOf(c))
	if err == nil {
		s.setPageFlash(c, l.T("signoff.signed", "Zone", out.Zone, "Year", out.Year))
		c.Redirect(http.StatusSeeOther, signOffsBack(in.Framework, in.Year))
		return
	}
	code := indicators.CodeOf(err)
	if code == indicators.Internal || code == indicators.Forbidden {
		s.fail(c, err)
		return
	}
	year := in.Year
	if year == 0 {
		year = s.currentYear(c.Request.Context(), in.Framework)
	}
	s.renderSignOffs(c, statusOf[code], in.Framework, year, in.Zone, func(d *signOffsData) { d.Problem = problemOf(l, err) })
}

// signOffsWithdrawForm serves POST /signoffs/{id}/withdraw: a reason
// withdraws the sign-off.
func (s *Server) signOffsWithdrawForm(c *gin.Context) {
	id, ok := s.signOffID(c)
	if !ok {
		return
	}
	l := langOf(c)
	framework := c.DefaultPostForm("framework", indicators.IGMC.Code)
	year := formYear(c)
	if year == 0 {
		year = s.currentYear(c.Request.Context(), framework)
	}
	_, err := s.svc.WithdrawSignOff(c.Request.Context(), id, c.PostForm("reason"), principalOf(c))
	if err == nil {
		s.setPageFlash(c, l.T("signoff.withdrawn", "ID", id))
		c.Redirect(http.StatusSeeOther, signOffsBack(framework, year))
		return
	}
	msg, code, ok := s.rowFormRefusal(c, err, "signoff", "reason")
	if ok {
		s.renderSignOffs(c, statusOf[code], framework, year, "", func(d *signOffsData) { d.Withdrawing, d.WithdrawError = id, msg })
	}
}

// rowFormRefusal handles the refusal of a form on one row of a list (a
// follow-up's resolution, a sign-off's withdrawal): an internal error, a
// refusal of the caller or an unknown row goes to the error page (ok
// false); anything else is the message to show beside the row's field.
func (s *Server) rowFormRefusal(c *gin.Context, err error, area, field string) (string, indicators.ErrorCode, bool) {
	code := indicators.CodeOf(err)
	if code == indicators.Internal || code == indicators.Forbidden || code == indicators.NotFound {
		s.fail(c, err)
		return "", code, false
	}
	l := langOf(c)
	if fe, ok := formErrors(l, area, err); ok {
		return fe[field], code, true
	}
	return l.Error(err), code, true
}
