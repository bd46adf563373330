package indicators

import (
	"fmt"
	"strconv"
)

// Period is a reporting period: a year (2019), a quarter (2019-Q1) or a month
// (2019-03). Sub is 0 for a year, 1–4 for a quarter, 1–12 for a month.
type Period struct {
	Year      int
	Sub       int
	Frequency Frequency
}

// Years outside this range are refused as typing mistakes.
const (
	MinYear = 1900
	MaxYear = 2200
)

// ParsePeriod reads the three period forms. It does no allocation on the
// import hot path beyond the error.
func ParsePeriod(s string) (Period, error) {
	if len(s) < 4 {
		return Period{}, fmt.Errorf("period %q is not YYYY, YYYY-Qn or YYYY-MM", Excerpt(s))
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || !ValidYear(y) {
		return Period{}, fmt.Errorf("period %q does not start with a year between %d and %d", Excerpt(s), MinYear, MaxYear)
	}
	switch {
	case len(s) == 4:
		return Period{Year: y, Frequency: Annual}, nil
	case len(s) == 7 && s[4] == '-' && (s[5] == 'Q' || s[5] == 'q') && s[6] >= '1' && s[6] <= '4':
		return Period{Year: y, Sub: int(s[6] - '0'), Frequency: Quarterly}, nil
	case len(s) == 7 && s[4] == '-' && isDigit(s[5]) && isDigit(s[6]):
		m := int(s[5]-'0')*10 + int(s[6]-'0')
		if m >= 1 && m <= 12 {
			return Period{Year: y, Sub: m, Frequency: Monthly}, nil
		}
	}
	return Period{}, fmt.Errorf("period %q is not YYYY, YYYY-Qn or YYYY-MM", Excerpt(s))
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// String gives the canonical form, the one stored.
func (p Period) String() string {
	switch p.Frequency {
	case Quarterly:
		return fmt.Sprintf("%04d-Q%d", p.Year, p.Sub)
	case Monthly:
		return fmt.Sprintf("%04d-%02d", p.Year, p.Sub)
	}
	return fmt.Sprintf("%04d", p.Year)
}

// PeriodsOfYear lists the periods of year y at frequency f, in order.
func PeriodsOfYear(y int, f Frequency) []Period {
	n := map[Frequency]int{Annual: 1, Quarterly: 4, Monthly: 12}[f]
	if f == Annual {
		return []Period{{Year: y, Frequency: Annual}}
	}
	out := make([]Period, n)
	for i := range out {
		out[i] = Period{Year: y, Sub: i + 1, Frequency: f}
	}
	return out
}
