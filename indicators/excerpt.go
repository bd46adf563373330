package indicators

import (
	"strings"
	"unicode/utf8"
)

// ExcerptRunes is how much of an input value an error message shows: enough
// for every valid code (64 characters at most) and a recognisable start of
// anything else, never the megabytes a bad file can hold in one cell.
const ExcerptRunes = 64

// Excerpt is s cut to ExcerptRunes characters, with "…" when cut. Invalid
// UTF-8 is replaced, so the excerpt is always safe to encode. Every error
// message that quotes input goes through it: Errorf and FieldErrors.Add
// apply it to each string argument themselves.
func Excerpt(s string) string {
	if len(s) <= ExcerptRunes && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == ExcerptRunes {
			b.WriteString("…")
			return b.String()
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// Names is a list of our own names (allowed columns, codes found in the
// store) that a message prints whole, joined by commas: being no string,
// it is not cut to an excerpt.
type Names []string

func (n Names) String() string { return strings.Join(n, ", ") }

// excerpts returns args with every string replaced by its Excerpt.
func excerpts(args []any) []any {
	var out []any
	for i, a := range args {
		s, ok := a.(string)
		if !ok || (len(s) <= ExcerptRunes && utf8.ValidString(s)) {
			continue
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		out[i] = Excerpt(s)
	}
	if out == nil {
		return args
	}
	return out
}
