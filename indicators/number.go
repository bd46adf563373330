package indicators

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The bounds on numbers. A value or catalogue number beyond MaxMagnitude is
// refused, and a catalogue number closer to zero than MinMagnitude must be
// zero: then every difference of two catalogue numbers is either zero or
// at least about 1e-31, every score, progress and weighted mean stays
// finite, and no scorecard can hold an infinity or NaN (which JSON cannot
// carry).
const (
	MaxMagnitude = 1e15
	MinMagnitude = 1e-15
	// MaxWeight bounds an indicator's weight; MaxPoints its points and
	// MaxPointsTotal the points of a whole catalogue.
	MaxWeight      = 1e6
	MaxPoints      = 1e6
	MaxPointsTotal = 1e9
)

// ParseNumber is the one reader of numbers that people write: values in
// files and forms, and catalogue numbers. It takes plain decimal notation
// — an optional sign, digits with an optional '.' decimal mark, an
// optional exponent (-12.5, .5, 3e6) — and the unambiguous ways people
// type it (see readNumber): "9,595", " １２．５ ", "−3". It refuses what
// strconv would otherwise take (hex floats, '_' separators, inf, nan), a
// literal too large for a float or so small it would read as zero, what
// could be read two ways ("1,5"), and a trailing '%' (ParseValueOf takes
// one for a percentage indicator). The error is a *NumberError that
// quotes the value and says what was understood.
func ParseNumber(s string) (float64, error) {
	p, percent, nerr := readNumber(s)
	if nerr != nil {
		return 0, nerr
	}
	v, err := parseChecked(p, s)
	if err == nil && percent {
		typed := strings.TrimFunc(s, isBlank)
		return 0, numberError("number_percent", typed, nil, "%s ends in '%%': give the number alone", shortQuote(typed))
	}
	return v, err
}

// parseChecked parses the plain form p of what was typed as s.
func parseChecked(p, s string) (float64, error) {
	typed := strings.TrimFunc(s, isBlank)
	if _, ok := plainDecimal(p); !ok {
		return 0, numberError("not_a_number", typed, nil, "%s is not a number: write digits with '.' as the decimal mark, such as -12.5 or 3e6", shortQuote(typed))
	}
	v, err := parsePlain(p)
	if err != nil {
		code := "number_too_large"
		if err == errTooSmall {
			code = "number_too_small"
		}
		return 0, numberError(code, typed, nil, "%s %v", shortQuote(typed), err)
	}
	return v, nil
}

var (
	errTooLarge = errors.New("is too large a number")
	errTooSmall = errors.New("is too close to zero to be told from 0")
)

// parsePlain parses p, which plainDecimal takes, refusing what overflows
// or underflows to zero.
func parsePlain(p string) (float64, error) {
	nonZero, _ := plainDecimal(p)
	v, err := strconv.ParseFloat(p, 64)
	switch {
	case math.IsInf(v, 0):
		return 0, errTooLarge
	case err != nil:
		return 0, errTooLarge
	case v == 0 && nonZero:
		return 0, errTooSmall
	}
	return v, nil
}

// plainDecimal reports whether s is [+-]digits[.digits][(e|E)[+-]digits]
// with at least one digit before the exponent, and whether any of those
// digits is not zero.
func plainDecimal(s string) (nonZero, ok bool) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits, dot := 0, false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
			nonZero = nonZero || c != '0'
			continue
		case c == '.' && !dot:
			dot = true
			continue
		}
		break
	}
	if digits == 0 {
		return false, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			exp++
		}
		if exp == 0 {
			return false, false
		}
	}
	return nonZero, i == len(s)
}

// CheckMagnitude records a problem under line and field when v is not a
// finite number within ±MaxMagnitude, or, with nearZero false, is closer to
// zero than MinMagnitude without being zero. It reports whether v passed.
func (f *FieldErrors) CheckMagnitude(line int, field string, v float64, nearZero bool) bool {
	a := math.Abs(v)
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0) || a > MaxMagnitude:
		f.AddWith(line, field, "out_of_range", map[string]string{"value": FormatNumber(v), "limit": FormatNumber(MaxMagnitude)},
			"%s %s is beyond ±%s", field, FormatNumber(v), FormatNumber(MaxMagnitude))
		return false
	case !nearZero && a != 0 && a < MinMagnitude:
		f.AddWith(line, field, "out_of_range", map[string]string{"value": FormatNumber(v), "near_zero": strconv.FormatFloat(MinMagnitude, 'g', -1, 64)},
			"%s %s is closer to zero than %g: give 0 or a larger number", field, FormatNumber(v), MinMagnitude)
		return false
	}
	return true
}

// shortQuote quotes s for a message, cut to a few dozen characters so a
// huge cell is never echoed whole.
func shortQuote(s string) string {
	const max = 40
	if len(s) <= max {
		return strconv.Quote(s)
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "…"
}
