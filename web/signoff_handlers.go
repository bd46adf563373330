package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// signOffStore is what the sign-off routes need of the store (SPEC §9).
type signOffStore interface {
	SignOff(ctx context.Context, in indicators.SignOffInput, p *indicators.Principal) (indicators.SignOff, error)
	WithdrawSignOff(ctx context.Context, id int64, reason string, p *indicators.Principal) (indicators.SignOff, error)
	GetSignOff(ctx context.Context, id int64, p *indicators.Principal) (indicators.SignOff, error)
	ListSignOffs(ctx context.Context, f indicators.SignOffFilter, p *indicators.Principal) ([]indicators.SignOff, error)
}

// signOffsList serves GET /api/v1/signoffs?framework=&zone=&year=: the
// sign-offs of the caller's zones, in force or withdrawn, newest first,
// without their snapshots.
func (s *Server) signOffsList(c *gin.Context) {
	f := indicators.SignOffFilter{Framework: c.Query("framework"), Zone: c.Query("zone")}
	if y := c.Query("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err == nil {
			err = indicators.CheckYear(n)
		}
		if err != nil {
			s.fail(c, indicators.FieldsError("the filter is not valid", []indicators.FieldError{{Field: "year", Code: "invalid", Message: "year must be a year such as 2024"}}))
			return
		}
		f.Year = n
	}
	if f.Zone != "" {
		if err := scope(c, f.Zone); err != nil {
			s.fail(c, err)
			return
		}
	}
	out, err := s.svc.ListSignOffs(c.Request.Context(), f, principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(out))
}

type signOffBody struct {
	Framework string `json:"framework_code" validate:"required,maxcode"`
	Zone      string `json:"zone_code" validate:"required,maxcode"`
	Year      int    `json:"year" validate:"required"`
}

// signOffsCreate serves POST /api/v1/signoffs with {"framework_code",
// "zone_code", "year"}: 201 with the sign-off; 409 naming what blocks it.
func (s *Server) signOffsCreate(c *gin.Context) {
	var b signOffBody
	if err := bindJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.svc.SignOff(c.Request.Context(), indicators.SignOffInput(b), principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, out)
}

// signOffID reads the {id} of a sign-off route.
func (s *Server) signOffID(c *gin.Context) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(c, indicators.Errorf(indicators.NotFound, "no such sign-off %q", indicators.Excerpt(c.Param("id"))))
		return 0, false
	}
	return id, true
}

// signOffsShow serves GET /api/v1/signoffs/{id}: the sign-off with its
// snapshot (the signed bytes, as JSON) and signature.
func (s *Server) signOffsShow(c *gin.Context) {
	id, ok := s.signOffID(c)
	if !ok {
		return
	}
	out, err := s.svc.GetSignOff(c.Request.Context(), id, principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

type withdrawBody struct {
	Reason string `json:"reason" validate:"required,maxcomment"`
}

// signOffsWithdraw serves POST /api/v1/signoffs/{id}/withdraw with
// {"reason"} (required): the year takes changes again.
func (s *Server) signOffsWithdraw(c *gin.Context) {
	id, ok := s.signOffID(c)
	if !ok {
		return
	}
	var b withdrawBody
	if err := bindJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.svc.WithdrawSignOff(c.Request.Context(), id, b.Reason, principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}
