package locale

import (
	"fmt"
	"strings"
	"sync/atomic"
	"time"
	// The zone database is built in, so that a server without the
	// system's zoneinfo (a scratch container) still reads IGMC_TIME_ZONE.
	_ "time/tzdata"
)

// DefaultTimeZone is the zone times are shown in unless IGMC_TIME_ZONE
// names another: the zone of the cities the tracker was made for.
const DefaultTimeZone = "Asia/Shanghai"

// zone is the zone every shown time is written in. It is set once at start
// (SetTimeZone) and read by every page, export and report.
var zone atomic.Pointer[time.Location]

func init() {
	loc, err := time.LoadLocation(DefaultTimeZone)
	if err != nil {
		panic("locale: the built-in zone database has no " + DefaultTimeZone)
	}
	zone.Store(loc)
}

// LoadTimeZone reads an IANA zone name (Asia/Shanghai, Europe/Berlin, UTC);
// empty is DefaultTimeZone. A name the zone database does not know is an
// error that says what was expected.
func LoadTimeZone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = DefaultTimeZone
	}
	// "Local" would follow the machine, which is what the setting exists
	// to avoid.
	if name == "Local" {
		return nil, fmt.Errorf("the time zone must be an IANA zone name such as Asia/Shanghai or UTC (got %q)", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("the time zone must be an IANA zone name such as Asia/Shanghai or UTC (got %q)", name)
	}
	return loc, nil
}

// SetTimeZone makes loc the zone every shown time is written in.
func SetTimeZone(loc *time.Location) {
	if loc != nil {
		zone.Store(loc)
	}
}

// TimeZone is the zone shown times are written in.
func TimeZone() *time.Location { return zone.Load() }

// Time writes a moment to the minute in the configured zone, with the
// zone's offset, as every page and report shows it (2026-12-02 12:30
// +08:00); NoValue for the zero time.
func Time(t time.Time) string {
	if t.IsZero() {
		return NoValue
	}
	return t.In(zone.Load()).Format("2006-01-02 15:04 -07:00")
}

// Stamp writes a moment to the second in the configured zone as RFC 3339
// (2026-12-02T12:30:05+08:00): the time cells of CSV files and workbooks,
// which a program reads back and a person can still read.
func Stamp(t time.Time) string {
	return string(AppendStamp(nil, t))
}

// AppendStamp appends Stamp(t) to b.
func AppendStamp(b []byte, t time.Time) []byte {
	return t.In(zone.Load()).AppendFormat(b, time.RFC3339)
}
