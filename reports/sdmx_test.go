package reports_test

import (
	"testing"

	"igmc/indicators"
	"igmc/reports"
)

// TestUnitCodes: every unit of the pilot catalogue becomes a distinct SDMX
// identifier, and the named ones the documented codes.
func TestUnitCodes(t *testing.T) {
	for unit, want := range map[string]string{
		"%": "PCT", "µg/m³": "UG_PER_M3", "beds/100 000 persons": "BEDS_PER_100000_PERSONS",
		"billion yuan/km²": "BILLION_YUAN_PER_KM2", "t CO2/10k yuan": "T_CO2_PER_10K_YUAN", "": "NONE", "ratio": "RATIO",
	} {
		if got := reports.UnitCode(unit); got != want {
			t.Errorf("UnitCode(%q) = %q, want %q", unit, got, want)
		}
	}
	cat, err := indicators.PilotCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]string{}
	for _, ind := range cat.Indicators {
		c := reports.UnitCode(ind.Unit)
		if other, ok := codes[c]; ok && other != ind.Unit {
			t.Errorf("%q and %q are both %s", other, ind.Unit, c)
		}
		if reports.SDMXID(c) != c {
			t.Errorf("%q gives %q, not an SDMX identifier", ind.Unit, c)
		}
		codes[c] = ind.Unit
	}
}

// TestObsStatus: the mapping docs/open-data.md gives.
func TestObsStatus(t *testing.T) {
	for _, c := range []struct {
		st   indicators.Status
		q    indicators.Quality
		want string
		ok   bool
	}{
		{indicators.Approved, indicators.QualityOfficial, "A", true},
		{indicators.Approved, indicators.QualityAdministrative, "A", true},
		{indicators.Approved, indicators.QualitySurvey, "A", true},
		{indicators.Approved, indicators.QualityEstimate, "E", true},
		{indicators.Approved, indicators.QualityModelled, "E", true},
		{indicators.Submitted, indicators.QualityOfficial, "P", true},
		{indicators.Draft, indicators.QualityEstimate, "P", true},
		{indicators.Rejected, indicators.QualityOfficial, "", false},
	} {
		if got, ok := reports.ObsStatus(c.st, c.q); got != c.want || ok != c.ok {
			t.Errorf("ObsStatus(%s, %s) = %q %v, want %q %v", c.st, c.q, got, ok, c.want, c.ok)
		}
	}
	if got := reports.SDMXID("ENV.01"); got != "ENV_01" {
		t.Errorf("SDMXID(ENV.01) = %q", got)
	}
}
