package indicators

import (
	"fmt"
	"strings"
	"unicode"
)

// NumberError is a number ParseNumber refuses. Code is the field error
// code (not_a_number, number_ambiguous, …) and Args what was understood
// (the value as typed, the readings it allows), for the message in the
// reader's language; Error is the English message.
type NumberError struct {
	Code string
	Args map[string]string
	msg  string
}

func (e *NumberError) Error() string { return e.msg }

// PercentUnit is the unit of a percentage indicator: only its values may
// be written with a trailing "%".
const PercentUnit = "%"

// numberError makes a NumberError quoting the value as typed.
func numberError(code, typed string, args map[string]string, format string, a ...any) *NumberError {
	if args == nil {
		args = map[string]string{}
	}
	args["value"] = Excerpt(typed)
	return &NumberError{Code: code, Args: args, msg: fmt.Sprintf(format, a...)}
}

// fullWidth maps what a Chinese input method types for a number (full-width
// digits and marks, the ideographic full stop for the decimal point, the
// minus sign) to plain ASCII.
var fullWidth = strings.NewReplacer(
	"０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6", "７", "7", "８", "8", "９", "9",
	"．", ".", "。", ".", "，", ",", "－", "-", "−", "-", "﹣", "-", "＋", "+", "％", "%", "ｅ", "e", "Ｅ", "E",
)

// isBlank is a space of any kind, or a zero-width mark a pasted cell may
// carry at its ends.
func isBlank(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' || r == '\u200B' }

// readNumber reads s as people type a number. It returns the plain form
// (digits, one '.' at most, an optional sign and exponent) that
// plainDecimal checks, and whether s ended in '%'. Every form it takes is
// unambiguous: surrounding spaces, full-width digits and marks, thousands
// separated by ',' in groups of three ("9,595", "1,234,567.5"). What could
// be read two ways ("1,5", "1.234,5") is refused saying what was seen.
func readNumber(s string) (plain string, percent bool, err *NumberError) {
	typed := strings.TrimFunc(s, isBlank)
	if typed == "" {
		return "", false, numberError("required", s, nil, "no number is given, only spaces")
	}
	n := fullWidth.Replace(typed)
	if rest, ok := strings.CutSuffix(n, "%"); ok {
		n, percent = strings.TrimRightFunc(rest, isBlank), true
	}
	if strings.IndexFunc(n, isBlank) >= 0 {
		return "", percent, numberError("number_space", typed, nil, "%s has a space inside: write the number without spaces", shortQuote(typed))
	}
	sign, body := "", n
	if body != "" && (body[0] == '+' || body[0] == '-') {
		sign, body = body[:1], body[1:]
	}
	switch lower := strings.ToLower(body); {
	case lower == "nan" || lower == "inf" || lower == "infinity":
		return "", percent, numberError("number_not_finite", typed, nil, "%s is not a finite number: give the value in digits", shortQuote(typed))
	case len(lower) > 1 && lower[0] == '0' && strings.ContainsRune("xbo", rune(lower[1])):
		return "", percent, numberError("number_hex", typed, nil, "%s is not a decimal number: write it in decimal digits", shortQuote(typed))
	}
	mant, exp := body, ""
	if i := strings.IndexAny(body, "eE"); i >= 0 {
		mant, exp = body[:i], body[i:]
	}
	dots, commas := strings.Count(mant, "."), strings.Count(mant, ",")
	if dots > 1 {
		return "", percent, numberError("number_dots", typed, nil, "%s has more than one '.': the decimal mark is written once, and thousands are separated by ',' or not at all", shortQuote(typed))
	}
	if commas == 0 {
		return sign + body, percent, nil
	}
	intPart, frac := mant, ""
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		intPart, frac = mant[:i], mant[i:]
	}
	if strings.Contains(frac, ",") {
		// A ',' after the '.': the decimal comma of 1.234,5, or a muddle.
		if d, ok := europeanReading(mant); ok && exp == "" {
			return "", percent, numberError("number_comma_decimal", typed, map[string]string{"decimal": sign + d},
				"%s has ',' after '.': if it means %s, write %s (the decimal mark is '.')", shortQuote(typed), sign+d, sign+d)
		}
		return "", percent, numberError("number_grouping", typed, nil, "%s has thousands separators in the wrong places: after the first group of 1 to 3 digits each group has three, as in 1,234,567.5", shortQuote(typed))
	}
	groups := strings.Split(intPart, ",")
	if groupedWell(groups) {
		return sign + strings.Join(groups, "") + frac + exp, percent, nil
	}
	if len(groups) == 2 && frac == "" && exp == "" && allDigits(groups[0]) && allDigits(groups[1]) && groups[0] != "" && groups[1] != "" {
		dec, grp := readingOf(sign+groups[0]+"."+groups[1]), readingOf(sign+groups[0]+groups[1])
		return "", percent, numberError("number_ambiguous", typed, map[string]string{"decimal": dec, "grouped": grp},
			"%s could be %s or %s: thousands separators come in groups of three digits, and the decimal mark is '.'", shortQuote(typed), dec, grp)
	}
	return "", percent, numberError("number_grouping", typed, nil, "%s has thousands separators in the wrong places: after the first group of 1 to 3 digits each group has three, as in 1,234,567.5", shortQuote(typed))
}

// groupedWell reports whether groups (the integer part split at ',') are
// thousands: a first group of 1 to 3 digits not starting with 0, then
// groups of exactly three.
func groupedWell(groups []string) bool {
	g0 := groups[0]
	if len(g0) < 1 || len(g0) > 3 || g0[0] == '0' || !allDigits(g0) {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !allDigits(g) {
			return false
		}
	}
	return true
}

// europeanReading reads m as 1.234.567,5 (dots between thousands, a
// decimal comma) and returns it in plain notation.
func europeanReading(m string) (string, bool) {
	whole, frac, ok := strings.Cut(m, ",")
	if !ok || frac == "" || !allDigits(frac) {
		return "", false
	}
	groups := strings.Split(whole, ".")
	if !groupedWell(groups) && !(len(groups) == 1 && allDigits(whole) && whole != "") {
		return "", false
	}
	return strings.Join(groups, "") + "." + frac, true
}

// readingOf is plain notation p as the pages print it, p itself when it
// does not read.
func readingOf(p string) string {
	if _, ok := plainDecimal(p); ok {
		if v, err := parsePlain(p); err == nil {
			return FormatNumber(v)
		}
	}
	return p
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// NumberCode is the field error code of an error from ParseNumber,
// ParseValue or ParseValueOf.
func NumberCode(err error) string { return valueCode(err) }

// AddNumber records err, from ParseNumber, ParseValue or ParseValueOf,
// under line and field, with its code and what was understood.
func (f *FieldErrors) AddNumber(line int, field string, err error) {
	n := len(f.List)
	f.Add(line, field, valueCode(err), "%s %v", field, err)
	if ne, ok := err.(*NumberError); ok && len(f.List) > n {
		f.List[n].Args = ne.Args
	}
}
