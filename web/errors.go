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
	indicators.TooLarge:        http.StatusRequestEntityTooLarge,
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

// appError is err as the application error it is answered with: a body
// cut short by http.MaxBytesReader, however deep it is wrapped (in a CSV
// read, a workbook's copy, a form), is too_large naming the limit. Every
// handler maps upload errors through it, so an oversized body is a 413 on
// every path; nil when err is no application error.
func appError(err error) *indicators.Error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return indicators.Errorf(indicators.TooLarge, "the request is larger than the limit of %d MiB", max(mbe.Limit>>20, 1))
	}
	var e *indicators.Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// tooLarge reports whether err refuses an upload for its size.
func tooLarge(err error) bool {
	e := appError(err)
	return e != nil && e.Code == indicators.TooLarge
}

// fail renders err as the JSON error shape. An error that is not an
// indicators.Error, or an internal one, is logged in full and answered with
// "internal error" only.
func (s *Server) fail(c *gin.Context, err error) {
	e := appError(err)
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(c.Request.Context().Err(), context.DeadlineExceeded):
		// The request's time for database work ran out (see withDBTimeout):
		// whatever the driver made of it, the answer is "not now".
		s.log.Warn("request ran out of time", "method", c.Request.Method, "route", c.FullPath(), "err", err)
		e = timedOut
	case e == nil || e.Code == indicators.Internal:
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
