package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

type reviewBody struct {
	Comment string `json:"comment" validate:"maxcomment"`
}

type bulkReviewBody struct {
	IDs     []int64 `json:"ids" validate:"required,min=1,max=10000"`
	Comment string  `json:"comment" validate:"maxcomment"`
}

// reviewOne serves POST /api/v1/measurements/{id}/submit, /approve and
// /reject (the latter needs a comment). The body is optional for submit and
// approve.
func (s *Server) reviewOne(action indicators.ReviewAction) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := idParam(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		var b reviewBody
		if c.Request.ContentLength != 0 {
			if err := bindJSON(c, &b); err != nil {
				s.fail(c, err)
				return
			}
		}
		ms, err := s.svc.Review(c.Request.Context(), []int64{id}, action, b.Comment, principalOf(c))
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, ms[0])
	}
}

// reviewBulk serves POST /api/v1/measurements/submit, /approve and /reject
// with {"ids": [...], "comment"}: all of them or none, in one transaction.
func (s *Server) reviewBulk(action indicators.ReviewAction) gin.HandlerFunc {
	return func(c *gin.Context) {
		var b bulkReviewBody
		if err := bindJSON(c, &b); err != nil {
			s.fail(c, err)
			return
		}
		ms, err := s.svc.Review(c.Request.Context(), b.IDs, action, b.Comment, principalOf(c))
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, listOf(ms))
	}
}
