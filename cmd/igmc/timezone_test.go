package main

import (
	"context"
	"strings"
	"testing"

	"igmc/locale"
)

// A zone name the zone database does not know stops the program at start
// with the setting named; a known one is the zone shown times are in.
func TestTimeZoneSetting(t *testing.T) {
	defer locale.SetTimeZone(locale.TimeZone())
	vars := map[string]string{"IGMC_TIME_ZONE": "Asia/Shangai", "IGMC_DATA_DIR": t.TempDir()}
	var out, errw strings.Builder
	e := env{getenv: func(k string) string { return vars[k] }, stdin: strings.NewReader(""), stdout: &out, stderr: &errw}
	err := run(context.Background(), []string{"audit", "verify"}, e)
	if err == nil || !strings.Contains(err.Error(), "IGMC_TIME_ZONE") || !strings.Contains(err.Error(), `"Asia/Shangai"`) {
		t.Fatalf("bad zone: got %v, want an error naming IGMC_TIME_ZONE and the value", err)
	}
	for _, c := range []struct{ value, want string }{{"", "Asia/Shanghai"}, {"Europe/Berlin", "Europe/Berlin"}} {
		cfg, err := loadConfig(func(k string) string {
			if k == "IGMC_TIME_ZONE" {
				return c.value
			}
			return ""
		})
		if err != nil || cfg.TimeZone.String() != c.want {
			t.Errorf("%q: got %v, %v; want %s", c.value, cfg.TimeZone, err, c.want)
		}
	}
}
