package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/scoring"
)

// plannerStore is what the planner's API and page need of the store.
type plannerStore interface {
	// Planner is the way from a zone's points as of year to the next
	// grade band (SPEC §3.11).
	Planner(ctx context.Context, framework, zone string, year int, basis scoring.Basis) (scoring.Planner, error)
	// WhatIf is the scorecard that would follow from hypothetical values
	// by indicator code, beside today's; nothing is stored.
	WhatIf(ctx context.Context, framework, zone string, year int, basis scoring.Basis, values map[string]float64) (scoring.WhatIfResult, error)
}

// plannerShow serves GET /api/v1/zones/{zone}/planner?framework=&year=&status=:
// per indicator the points it would add at green and at best, and the
// smallest set of improvements that reaches the next grade band.
func (s *Server) plannerShow(c *gin.Context) {
	fw, year, basis, ok := s.scorecardRequest(c)
	if !ok {
		return
	}
	p, err := s.svc.Planner(c.Request.Context(), fw, c.Param("zone"), year, basis)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

// whatIfBody is the body of a what-if: the hypothetical values.
type whatIfBody struct {
	Values []whatIfValue `json:"values" validate:"required,min=1,max=1000,dive"`
}

type whatIfValue struct {
	IndicatorCode string   `json:"indicator_code" validate:"required,maxcode"`
	Value         *float64 `json:"value" validate:"required"`
}

// hypothetical turns the body's list into values by indicator code,
// refusing an indicator given twice.
func (b *whatIfBody) hypothetical() (map[string]float64, error) {
	out := make(map[string]float64, len(b.Values))
	var fields []indicators.FieldError
	for i, v := range b.Values {
		if _, dup := out[v.IndicatorCode]; dup {
			fields = append(fields, indicators.FieldError{Field: fmt.Sprintf("values[%d].indicator_code", i), Code: "duplicate",
				Message: fmt.Sprintf("indicator %q is given twice", v.IndicatorCode)})
			continue
		}
		out[v.IndicatorCode] = *v.Value
	}
	if len(fields) > 0 {
		return nil, indicators.FieldsError("the request body is not valid", fields)
	}
	return out, nil
}

// whatIfRun serves POST /api/v1/zones/{zone}/what-if?framework=&year=&status=
// with {"values":[{"indicator_code","value"}]}: today's scorecard, the one
// the hypothetical values would give, and the differences. Nothing is
// stored, so reading the zone is enough to ask.
func (s *Server) whatIfRun(c *gin.Context) {
	fw, year, basis, ok := s.scorecardRequest(c)
	if !ok {
		return
	}
	var b whatIfBody
	if err := bindJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	values, err := b.hypothetical()
	if err != nil {
		s.fail(c, err)
		return
	}
	r, err := s.svc.WhatIf(c.Request.Context(), fw, c.Param("zone"), year, basis, values)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}
