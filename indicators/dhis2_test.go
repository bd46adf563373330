package indicators

import (
	"testing"
	"time"
)

func TestParseDHIS2Period(t *testing.T) {
	for in, want := range map[string]string{"2019": "2019", "2019Q1": "2019-Q1", "2019Q4": "2019-Q4", "201903": "2019-03", "201912": "2019-12"} {
		got, err := ParseDHIS2Period(in)
		if err != nil || got != want {
			t.Errorf("%s → %q, %v; want %q", in, got, err, want)
		}
		if back := DHIS2Period(got); back != in {
			t.Errorf("%s reads back as %s", got, back)
		}
	}
	for _, in := range []string{"", "19", "2019W1", "2019Q5", "201913", "201900", "20190101", "2019-Q1", "2019-03", "2019S1", "2019BiW1", "abcd"} {
		if got, err := ParseDHIS2Period(in); err == nil {
			t.Errorf("%q was read as %q", in, got)
		}
	}
}

func TestPeriodWithin(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, c := range []struct {
		p, from, to string
		in          bool
	}{
		{"2019", "2019-01-01", "2019-12-31", true}, {"2019", "2019-01-02", "", false}, {"2019", "", "2019-12-30", false},
		{"2019-Q1", "2019-01-01", "2019-03-31", true}, {"2019-Q2", "2019-01-01", "2019-03-31", false},
		{"2019-02", "2019-02-01", "2019-02-28", true}, {"2019-03", "", "2019-02-28", false}, {"2019-03", "", "", true},
	} {
		p, _ := ParsePeriod(c.p)
		var from, to time.Time
		if c.from != "" {
			from = day(c.from)
		}
		if c.to != "" {
			to = day(c.to)
		}
		if got := p.Within(from, to); got != c.in {
			t.Errorf("%s within %s..%s = %v", c.p, c.from, c.to, got)
		}
	}
}
