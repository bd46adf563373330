package locale

import (
	"strings"
	"testing"
	"time"
)

func TestTimeInConfiguredZone(t *testing.T) {
	defer SetTimeZone(TimeZone())
	at := time.Date(2026, 12, 2, 4, 30, 5, 0, time.UTC)
	if got, want := Time(at), "2026-12-02 12:30 +08:00"; got != want {
		t.Errorf("default zone: got %q, want %q", got, want)
	}
	if got, want := Stamp(at), "2026-12-02T12:30:05+08:00"; got != want {
		t.Errorf("default zone stamp: got %q, want %q", got, want)
	}
	if got := Time(time.Time{}); got != NoValue {
		t.Errorf("zero time: got %q", got)
	}
	for _, c := range []struct{ zone, time, stamp string }{
		{"UTC", "2026-12-02 04:30 +00:00", "2026-12-02T04:30:05Z"},
		{"America/New_York", "2026-12-01 23:30 -05:00", "2026-12-01T23:30:05-05:00"},
		{"Asia/Kolkata", "2026-12-02 10:00 +05:30", "2026-12-02T10:00:05+05:30"},
	} {
		loc, err := LoadTimeZone(c.zone)
		if err != nil {
			t.Fatalf("%s: %v", c.zone, err)
		}
		SetTimeZone(loc)
		if got := Time(at); got != c.time {
			t.Errorf("%s: got %q, want %q", c.zone, got, c.time)
		}
		if got := Stamp(at); got != c.stamp {
			t.Errorf("%s stamp: got %q, want %q", c.zone, got, c.stamp)
		}
	}
}

func TestLoadTimeZone(t *testing.T) {
	loc, err := LoadTimeZone("  ")
	if err != nil || loc.String() != DefaultTimeZone {
		t.Errorf("empty: got %v, %v; want %s", loc, err, DefaultTimeZone)
	}
	for _, bad := range []string{"Asia/Shangai", "+08:00", "Local", "../../etc/passwd"} {
		if _, err := LoadTimeZone(bad); err == nil || !strings.Contains(err.Error(), "IANA zone name") || !strings.Contains(err.Error(), bad) {
			t.Errorf("%q: got %v, want an error naming it", bad, err)
		}
	}
}
