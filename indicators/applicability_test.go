package indicators

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// TestAppliesToRoundTrips shows that the catalogue's applies_to column is
// read, written and read back the same, and that a bad zone type in it is
// refused with its line.
func TestAppliesToRoundTrips(t *testing.T) {
	cat, err := PilotCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	var with []string
	for _, ind := range cat.Indicators {
		if len(ind.AppliesTo) > 0 {
			with = append(with, ind.Code+"="+strings.Join(ind.AppliesTo, ";"))
		}
	}
	if len(with) == 0 {
		t.Fatal("the pilot catalogue gives no indicator an applies_to")
	}
	var buf bytes.Buffer
	if err := WriteCatalogue(&buf, cat); err != nil {
		t.Fatal(err)
	}
	again, err := ReadCatalogue(NewCSVRows(bytes.NewReader(buf.Bytes())))
	if err != nil {
		t.Fatal(err)
	}
	for i := range cat.Indicators {
		if !reflect.DeepEqual(cat.Indicators[i].AppliesTo, again.Indicators[i].AppliesTo) {
			t.Fatalf("%s: %v read back as %v", cat.Indicators[i].Code, cat.Indicators[i].AppliesTo, again.Indicators[i].AppliesTo)
		}
	}
	e := catalogueErr(t, "perspective_code,indicator_code,name_en,unit,best,worst,applies_to\np,A,A,%,1,0,park; city\np,B,B,%,1,0,park;bad type\n")
	if !hasField(e, 3, "applies_to", "invalid_code") || e.Total != 1 {
		t.Fatalf("%+v", e.Fields)
	}
}

func TestAppliesTo(t *testing.T) {
	for _, tc := range []struct {
		list []string
		zone string
		want bool
	}{{nil, "park", true}, {[]string{"city"}, "", true}, {[]string{"city", "district"}, "park", false}, {[]string{"city", "park"}, "park", true}} {
		if got := AppliesTo(tc.list, tc.zone); got != tc.want {
			t.Errorf("AppliesTo(%v, %q) = %v", tc.list, tc.zone, got)
		}
	}
	if z, ok := ZoneTypeOfReason(ZoneTypeReason("park")); !ok || z != "park" {
		t.Fatal(z, ok)
	}
}
