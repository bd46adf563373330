package indicators

import (
	"bytes"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// hasHan reports whether s has at least one Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// englishWord is a run of three or more Latin letters: a unit written in
// English words ("persons", "ratio") rather than in symbols (km², µg/m³).
var englishWord = regexp.MustCompile(`[A-Za-z]{3,}`)

// TestPilotCatalogueChinese checks that every indicator of the pilot
// catalogue has its unit, definition and source in Chinese: a definition
// and a source in Chinese characters, and a unit that is either the same
// symbols as the English one or written in Chinese, never English words.
func TestPilotCatalogueChinese(t *testing.T) {
	cat, err := PilotCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Indicators) != 48 {
		t.Fatalf("%d indicators, want 48", len(cat.Indicators))
	}
	for _, ind := range cat.Indicators {
		if ind.UnitZh == "" || englishWord.MatchString(ind.UnitZh) {
			t.Errorf("%s: unit_zh %q (unit %q) is missing or English", ind.Code, ind.UnitZh, ind.Unit)
		}
		if englishWord.MatchString(ind.Unit) && !hasHan(ind.UnitZh) {
			t.Errorf("%s: unit %q is words but unit_zh %q has no Chinese", ind.Code, ind.Unit, ind.UnitZh)
		}
		if !hasHan(ind.DefinitionZh) || ind.DefinitionZh == ind.Definition {
			t.Errorf("%s: definition_zh %q is missing or not Chinese", ind.Code, ind.DefinitionZh)
		}
		if !hasHan(ind.SourceZh) || ind.SourceZh == ind.Source {
			t.Errorf("%s: source_zh %q is missing or not Chinese", ind.Code, ind.SourceZh)
		}
	}
}

// TestCatalogueChineseColumnsRoundTrip reads a file with the optional
// unit_zh, definition_zh and source_zh columns, checks they land on the
// indicator, and that the export writes them and reads back the same;
// a file without them still reads, with the texts empty.
func TestCatalogueChineseColumnsRoundTrip(t *testing.T) {
	in := "perspective_code,indicator_code,name_en,unit,unit_zh,best,worst,source,source_zh,definition,definition_zh\n" +
		"p,A,Density,persons/km²,人/km²,10,0,Statistics bureau,统计局,\"Residents, per km²\",\"常住人口，每平方千米\"\n" +
		"p,B,Share,%,,100,0,Bureau,,Only English,\n"
	cat, err := ReadCatalogue(NewCSVRows(strings.NewReader(in)))
	if err != nil {
		t.Fatal(err)
	}
	a, b := cat.Indicators[0], cat.Indicators[1]
	if a.UnitZh != "人/km²" || a.SourceZh != "统计局" || a.DefinitionZh != "常住人口，每平方千米" {
		t.Fatalf("A read as unit_zh %q source_zh %q definition_zh %q", a.UnitZh, a.SourceZh, a.DefinitionZh)
	}
	if b.UnitZh != "" || b.SourceZh != "" || b.DefinitionZh != "" {
		t.Fatalf("B has Chinese texts it was not given: %+v", b)
	}
	var out bytes.Buffer
	if err := WriteCatalogue(&out, cat); err != nil {
		t.Fatal(err)
	}
	header := strings.SplitN(out.String(), "\n", 2)[0]
	for _, col := range []string{"unit_zh", "source_zh", "definition_zh"} {
		if !strings.Contains(header, col) {
			t.Errorf("the export's header %q lacks %s", header, col)
		}
	}
	again, err := ReadCatalogue(NewCSVRows(bytes.NewReader(out.Bytes())))
	if err != nil {
		t.Fatalf("re-reading the export: %v", err)
	}
	if !reflect.DeepEqual(again.Indicators, cat.Indicators) {
		t.Fatalf("the export reads back as\n%+v\nwant\n%+v", again.Indicators, cat.Indicators)
	}
}

// TestCatalogueChineseTextLimits refuses Chinese texts over the limits of
// their English columns, naming the column.
func TestCatalogueChineseTextLimits(t *testing.T) {
	long := func(n int) string { return strings.Repeat("长", n+1) }
	in := "perspective_code,indicator_code,name_en,unit,unit_zh,best,worst,source_zh,definition_zh\n" +
		"p,A,A,%," + long(MaxUnitLen) + ",10,0," + long(MaxSourceLen) + "," + long(MaxDefinitionLen) + "\n"
	e := catalogueErr(t, in)
	for _, col := range []string{"unit_zh", "source_zh", "definition_zh"} {
		if !hasField(e, 2, col, "too_long") {
			t.Errorf("no too_long error on %s: %+v", col, e.Fields)
		}
	}
}
