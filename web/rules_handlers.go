package web

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// ruleStore is what the validation rules' routes need of the store.
type ruleStore interface {
	Rules(ctx context.Context, framework string) ([]indicators.Rule, error)
	ImportRules(ctx context.Context, framework string, rd indicators.RowReader, dryRun bool, by *indicators.Principal) (indicators.RulesResult, error)
}

// rulesList serves GET /api/v1/frameworks/{fw}/rules: the framework's
// validation rules in file order.
func (s *Server) rulesList(c *gin.Context) {
	rules, err := s.svc.Rules(c.Request.Context(), c.Param("fw"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(rules))
}

// rulesImport serves POST /api/v1/frameworks/{fw}/rules?dry_run=: a rules
// file (CSV or XLSX) replaces the framework's rules, all or nothing.
func (s *Server) rulesImport(c *gin.Context) {
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
	res, err := s.svc.ImportRules(c.Request.Context(), c.Param("fw"), rd, dry, principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}
