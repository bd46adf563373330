package locale

import (
	"math"
	"strings"
	"testing"
)

// TestNumberFormats: the figures of the pages — rounded, fixed or as few
// decimals as needed, thousands grouped, never "-0", a dash for none.
func TestNumberFormats(t *testing.T) {
	for _, c := range []struct {
		v             any
		digits, fixed int
		want          string
	}{
		{57.6449, 1, 1, "57.6"}, {57.0, 1, 1, "57.0"}, {57.0, 4, -1, "57"}, {9375.0, 4, -1, "9,375"},
		{1234567.5, 4, -1, "1,234,567.5"}, {-12345.0, 0, -1, "-12,345"}, {-0.00001, 2, 1, "0.0"},
		{(*float64)(nil), 1, 1, "—"}, {math.NaN(), 1, 1, "—"}, {3, 1, -1, "3"}, {"x", 1, 1, "—"}, {999.0, 0, -1, "999"},
	} {
		if got := Group(Figure(c.v, c.digits, c.fixed)); got != c.want {
			t.Errorf("%v (%d, %d): %q, want %q", c.v, c.digits, c.fixed, got, c.want)
		}
	}
}

// TestLangNumbers: the formats of PDFs, pages and the command line, by
// way of a language.
func TestLangNumbers(t *testing.T) {
	en := English()
	f := func(v float64) *float64 { return &v }
	for _, c := range []struct{ got, want string }{
		{en.Num(f(57.64), 1), "57.6"}, {en.Num(f(80), 4), "80"}, {en.Num(nil, 1), "—"}, {en.Num((*float64)(nil), 1), "—"},
		{en.Num(math.Inf(1), 1), "—"}, {en.Num(7, 1), "7"}, {en.Num(-0.01, 1), "0"},
		{en.Fixed(f(57), 1), "57.0"}, {en.Fixed(nil, 1), "—"},
		{en.Pct(0.256), "26%"}, {en.Pct(f(1)), "100%"}, {en.Pct((*float64)(nil)), "—"}, {en.Pct("x"), "—"},
		{en.Signed(f(1.25), 1), "+1.3"}, {en.Signed(f(-2), 1), "-2"}, {en.Signed(f(0.01), 1), "0"}, {en.Signed(nil, 1), "–"},
		{en.PctChange(f(0.25)), "+25%"}, {en.PctChange(f(-0.125)), "-12.5%"}, {en.PctChange(nil), "–"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestGroupedCount fills a message whose Count is a figure grouped for
// reading: its plural form comes from the number, and the message shows.
func TestGroupedCount(t *testing.T) {
	for _, code := range Languages {
		l := Of(code)
		got := l.T("compare.page_range", "From", "51", "To", "100", "Count", Group("5005"))
		if strings.Contains(got, MissingMark) || !strings.Contains(got, "5,005") {
			t.Errorf("%s: %q", code, got)
		}
	}
}
