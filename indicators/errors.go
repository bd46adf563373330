// Package indicators holds the domain of the tracker: frameworks, perspectives,
// categories, indicators, zones, periods and measurements, their validation,
// the file formats they travel in, and the one error type every layer speaks.
//
// It imports neither the web framework nor the ORM, so every other package can
// depend on it and it depends on none of them.
package indicators

import (
	"errors"
	"fmt"
	"time"
)

// ErrorCode is the closed set of error kinds; the web layer maps each to one
// HTTP status in a single place.
type ErrorCode string

// The error codes. Keep this list short: a caller branches on them.
const (
	Invalid         ErrorCode = "invalid"
	NotFound        ErrorCode = "not_found"
	Conflict        ErrorCode = "conflict"
	Forbidden       ErrorCode = "forbidden"
	Unauthorized    ErrorCode = "unauthorized"
	TooManyRequests ErrorCode = "too_many_requests"
	// TooLarge is an upload over one of its limits (the body, or what a
	// workbook unzips to).
	TooLarge ErrorCode = "too_large"
	Internal ErrorCode = "internal"
	// Unavailable: the database did not answer in time, or a change kept
	// colliding with another; the same request may succeed a moment later.
	Unavailable ErrorCode = "unavailable"
)

// FieldError names one bad field: of a request body (Line 0) or of a file row
// (Line counts from 1 for the header row). Code is machine-readable
// (not_a_number, unknown_zone, …); Message is for people, in English.
// Args are the named values of the message (value found, limits, expected
// format, …; snake_case names), so that the pages can say the same in the
// reader's language from the code's message in the catalogues; they are
// not part of the API's answer, whose message already carries them.
type FieldError struct {
	Line    int    `json:"line,omitempty"`
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
	// Args, when set, are the values the message in the reader's
	// language fills in (field.<code> in the locale catalogues).
	Args map[string]string `json:"-"`
}

// Error is the application error. Its Message is safe to show to a user; the
// wrapped Err, if any, is for the logs only.
type Error struct {
	Code    ErrorCode
	Message string
	Fields  []FieldError
	// Total is the number of field errors found when Fields was cut short.
	Total int
	// RetryAfter, for too_many_requests, says when to try again.
	RetryAfter time.Duration
	Err        error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf makes an Error with a formatted, user-safe message.
// Every string argument is shown as an Excerpt, so a message never echoes
// more than a short piece of what a caller sent.
func Errorf(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, excerpts(args)...)}
}

// FieldsError makes an invalid-input error carrying per-field details.
func FieldsError(message string, fields []FieldError) *Error {
	return &Error{Code: Invalid, Message: message, Fields: fields, Total: len(fields)}
}

// CodeOf returns the code of err, Internal for any error that is not an *Error.
func CodeOf(err error) ErrorCode {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// MaxFieldErrors caps how many row errors one answer lists; Error.Total still
// counts all of them.
const MaxFieldErrors = 1000

// FieldErrors collects field errors up to MaxFieldErrors while counting all.
type FieldErrors struct {
	List  []FieldError
	Total int
}

// Add records one error. The field name and every string argument are
// shown as an Excerpt (a file's header names are input too).
func (f *FieldErrors) Add(line int, field, code, format string, args ...any) {
	f.Total++
	if len(f.List) < MaxFieldErrors {
		f.List = append(f.List, FieldError{Line: line, Field: Excerpt(field), Code: code, Message: fmt.Sprintf(format, excerpts(args)...)})
	}
}

// AddWith records one error with the named values of its message (see
// FieldError.Args); each value is shown as an Excerpt.
func (f *FieldErrors) AddWith(line int, field, code string, with map[string]string, format string, args ...any) {
	n := len(f.List)
	f.Add(line, field, code, format, args...)
	if len(f.List) > n && len(with) > 0 {
		f.List[len(f.List)-1].Args = excerptArgs(with)
	}
}

// excerptArgs cuts every value of args to an Excerpt, in place.
func excerptArgs(args map[string]string) map[string]string {
	for k, v := range args {
		args[k] = Excerpt(v)
	}
	return args
}

// Err returns nil when nothing was added, else an invalid error listing them.
func (f *FieldErrors) Err(message string) error {
	if f.Total == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: fmt.Sprintf("%s: %d error(s)", message, f.Total), Fields: f.List, Total: f.Total}
}
