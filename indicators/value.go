package indicators

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// ParseValue reads a measured value: a number as ParseNumber reads it,
// within ±MaxMagnitude.
func ParseValue(s string) (float64, error) {
	v, err := ParseNumber(s)
	if err != nil {
		return 0, err
	}
	return valueInBounds(v, s)
}

// ParseValueOf reads a value of an indicator measured in unit (unitZh in
// Chinese): as ParseValue, and for a percentage indicator a trailing '%'
// is taken, the value staying in percent ("45%" is 45). On any other
// indicator a '%' is refused naming the indicator's unit.
func ParseValueOf(s, unit, unitZh string) (float64, error) {
	p, percent, nerr := readNumber(s)
	if nerr != nil {
		return 0, nerr
	}
	v, err := parseChecked(p, s)
	switch {
	case err != nil:
		return 0, err
	case percent && unit != PercentUnit:
		if unitZh == "" {
			unitZh = unit
		}
		typed := strings.TrimFunc(s, isBlank)
		return 0, numberError("number_percent_unit", typed, map[string]string{"unit": unit, "unit_zh": unitZh},
			"%s ends in '%%', but the indicator is measured in %s: give the number alone", shortQuote(typed), unit)
	}
	return valueInBounds(v, s)
}

func valueInBounds(v float64, s string) (float64, error) {
	if math.Abs(v) > MaxMagnitude {
		return 0, &rangeError{fmt.Sprintf("%s is beyond ±%s", shortQuote(strings.TrimFunc(s, isBlank)), FormatNumber(MaxMagnitude))}
	}
	return v, nil
}

// rangeError is a number that reads but lies outside what a value may be.
type rangeError struct{ msg string }

func (e *rangeError) Error() string { return e.msg }

// valueCode is the field error code of ParseValue's error.
func valueCode(err error) string {
	var re *rangeError
	var ne *NumberError
	switch {
	case errors.As(err, &re):
		return "out_of_range"
	case errors.As(err, &ne):
		return ne.Code
	}
	return "not_a_number"
}
