package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// statusOf maps each error code to its HTTP status, in one place.
var statusOf = map[indicators.ErrorCode]int{
	indicators.Invalid:         http.StatusUnprocessableEntity,
	indicators.NotFound:        http.StatusNotFound,
	indicators.Conflict:        http.StatusConflict,
	indicators.Forbidden:       http.StatusForbidden,
	indicators.Unauthorized:    http.StatusUnauthorized,
	indicators.TooManyRequests: http.StatusTooManyRequests,
	indicators.Internal:        http.StatusInternalServerError,
	indicators.Unavailable:     http.StatusServiceUnavailable,
	badRequest:                 http.StatusBadRequest,
}

// badRequest is a request the server cannot even read (broken JSON, a
// missing parameter), as opposed to one it read and found invalid.
const badRequest indicators.ErrorCode = "bad_request"

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    indicators.ErrorCode    `json:"code"`
	Message string                  `json:"message"`
	Fields  []indicators.FieldError `json:"fields,omitempty"`
	Total   int                     `json:"total_errors,omitempty"`
}

// fail renders err as the JSON error shape. An error that is not an
// indicators.Error, or an internal one, is logged in full and answered with
// "internal error" only.
func (s *Server) fail(c *gin.Context, err error) {
	var e *indicators.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(c.Request.Context().Err(), context.DeadlineExceeded):
		// The request's time for database work ran out (see withDBTimeout):
		// whatever the driver made of it, the answer is "not now".
		s.log.Warn("request ran out of time", "method", c.Request.Method, "route", c.FullPath(), "err", err)
		e = timedOut
	case !errors.As(err, &e) || e.Code == indicators.Internal:
		if c.Request.Context().Err() != nil {
			c.Abort()
			return
		}
		s.log.Error("request failed", "method", c.Request.Method, "route", c.FullPath(), "err", err)
		e = &indicators.Error{Code: indicators.Internal, Message: "internal error"}
	case e.Code == indicators.Unavailable:
		s.log.Warn("database unavailable", "method", c.Request.Method, "route", c.FullPath(), "err", err)
	}
	if e.RetryAfter > 0 {
		c.Header("Retry-After", strconv.Itoa(int(e.RetryAfter.Seconds()+0.5)))
	}
	if wantsHTML(c) {
		s.pageError(c, statusOf[e.Code], e)
		return
	}
	body := errorBody{Error: errorDetail{Code: e.Code, Message: e.Message, Fields: e.Fields}}
	if e.Total > len(e.Fields) {
		body.Error.Total = e.Total
	}
	c.AbortWithStatusJSON(statusOf[e.Code], body)
}

func (s *Server) failStatus(c *gin.Context, status int, code, message string) {
	if wantsHTML(c) {
		s.pageError(c, status, indicators.Errorf(indicators.ErrorCode(code), "%s", message))
		return
	}
	c.AbortWithStatusJSON(status, errorBody{Error: errorDetail{Code: indicators.ErrorCode(code), Message: message}})
}

// timedOut is the answer when a request's database work ran out of time.
var timedOut = &indicators.Error{Code: indicators.Unavailable, Message: "the database did not answer in time: try again in a moment", RetryAfter: time.Second}

func bad(format string, args ...any) error { return indicators.Errorf(badRequest, format, args...) }
