package locale

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The one formatter of numbers and dates for people: pages, PDF reports,
// the charts, the command line's tables. Machine formats (a CSV cell, a
// workbook's number cell, JSON) are not here: they write a number exactly
// (indicators.FormatNumber), whatever the reader's language.

// Marks written where there is nothing to show.
const (
	// NoValue stands for a figure that is not there (no score, no index).
	NoValue = "—"
	// NoEntry fills a table cell that has nothing in it (no rating, no
	// plan, no change).
	NoEntry = "–"
)

// Round rounds x to digits decimals, halves away from zero.
func Round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

// Decimal writes x rounded to digits decimals: with exactly fixed decimals,
// or as few as it needs when fixed < 0. A value that rounds to zero is
// written "0", never "-0"; NaN and infinities are NoValue.
func Decimal(x float64, digits, fixed int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return NoValue
	}
	x = Round(x, digits)
	if x == 0 {
		x = 0 // no "-0"
	}
	return strconv.FormatFloat(x, 'f', fixed, 64)
}

// Group puts a comma between each group of three digits of the whole part
// of a formatted number (9,375; 1,234,567.5).
func Group(s string) string {
	start := 0
	if strings.HasPrefix(s, "-") {
		start = 1
	}
	end := strings.IndexByte(s, '.')
	if end < 0 {
		end = len(s)
	}
	if end-start < 4 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:start])
	for i := start; i < end; i++ {
		if i > start && (end-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	b.WriteString(s[end:])
	return b.String()
}

// number reads a float64, *float64 or int; ok is false for nil and for
// other types.
func number(v any) (float64, bool) {
	switch t := v.(type) {
	case float64:
		return t, true
	case *float64:
		if t == nil {
			return 0, false
		}
		return *t, true
	case int:
		return float64(t), true
	}
	return 0, false
}

// Num formats a number for people: up to digits decimals, trailing zeros
// dropped, NoValue for none. It takes float64, *float64 or int.
func (l *Lang) Num(v any, digits int) string {
	x, ok := number(v)
	if !ok {
		if v == nil {
			return NoValue
		}
		if _, isPtr := v.(*float64); isPtr {
			return NoValue
		}
		return fmt.Sprint(v)
	}
	return Decimal(x, digits, -1)
}

// Fixed formats a number with exactly digits decimals, so that a column
// lines up; NoValue for none.
func (l *Lang) Fixed(v any, digits int) string { return Figure(v, digits, digits) }

// Pct formats a fraction (0–1) as a whole percentage.
func (l *Lang) Pct(v any) string {
	switch v.(type) {
	case float64, *float64:
		if x, ok := number(v); ok {
			return l.Num(x*100, 0) + "%"
		}
	}
	return NoValue
}

// Signed writes a change with its sign (+1.5, -2, 0); NoEntry for none.
func (l *Lang) Signed(v *float64, digits int) string {
	if v == nil {
		return NoEntry
	}
	s := l.Num(v, digits)
	if *v > 0 && s != "0" {
		s = "+" + s
	}
	return s
}

// PctChange writes a relative change (0.25) as a signed percentage with
// one decimal (+25%); NoEntry for none.
func (l *Lang) PctChange(v *float64) string {
	if v == nil {
		return NoEntry
	}
	p := *v * 100
	return l.Signed(&p, 1) + "%"
}

// Figure formats v (float64, *float64 or int) as Decimal does; NoValue for
// none, and for anything that is not a number.
func Figure(v any, digits, fixed int) string {
	x, ok := number(v)
	if !ok {
		return NoValue
	}
	return Decimal(x, digits, fixed)
}
