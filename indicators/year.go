package indicators

import (
	"errors"
	"strconv"
	"strings"
)

// ParseYear reads the year of a request, a form or a command line: a whole
// number between MinYear and MaxYear. Its refusal names the field "year"
// (code required when s is empty, invalid otherwise) in words every edge
// shares.
func ParseYear(s string) (int, error) {
	s = strings.TrimSpace(s)
	y, err := strconv.Atoi(s)
	if err == nil && ValidYear(y) {
		return y, nil
	}
	code := "invalid"
	if s == "" {
		code = "required"
	}
	return 0, FieldsError("the year is not valid", []FieldError{{Field: "year", Code: code, Message: "year must be a year such as 2019"}})
}

// ValidYear reports whether y is a year the tracker takes.
func ValidYear(y int) bool { return y >= MinYear && y <= MaxYear }

// CheckYear refuses a year, already a number, outside MinYear..MaxYear.
func CheckYear(y int) error {
	if ValidYear(y) {
		return nil
	}
	return Errorf(Invalid, "year %d is not between %d and %d", y, MinYear, MaxYear)
}

// FieldsOf is the field errors err carries, to list beside others. It is
// asked of every query parameter read, most often with no error at all,
// which costs nothing then.
func FieldsOf(err error) []FieldError {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
