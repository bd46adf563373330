package indicators

import (
	"io"
	"strconv"
	"strings"
)

// CatalogueColumns are the columns of the catalogue file, in export order.
var CatalogueColumns = []string{
	"perspective_code", "perspective_name_en", "perspective_name_zh",
	"category_code", "category_name_en", "category_name_zh",
	"indicator_code", "name_en", "name_zh", "unit", "unit_zh", "frequency", "aggregation",
	"best", "worst", "green", "red", "baseline_value", "baseline_year",
	"target_value", "target_year", "weight", "points", "min", "max",
	"reference", "source", "source_zh", "definition", "definition_zh", "applies_to",
}

var catalogueRequired = []string{"perspective_code", "indicator_code", "name_en", "unit"}

// ReadCatalogue parses a catalogue file. It reads every row and returns all
// problems at once, each with its line and column, or the catalogue.
func ReadCatalogue(rd RowReader) (*Catalogue, error) {
	h, err := ReadHeader(rd, CatalogueColumns, catalogueRequired)
	if err != nil {
		return nil, err
	}
	cat := &Catalogue{}
	var errs FieldErrors
	persp := map[string]int{}    // code -> index in cat.Perspectives
	persLine := map[string]int{} // code -> first line
	cats := map[string]string{}  // category code -> perspective code
	indLine := map[string]int{}  // indicator code -> line
	pointsTotal := 0.0
	for {
		line, rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if Blank(rec) {
			continue
		}
		if wide, text := h.CheckWidth(line, rec, &errs), h.CheckCells(line, rec, &errs); !wide || !text {
			continue
		}
		get := func(c string) string { return h.Get(rec, c) }
		pc := get("perspective_code")
		if !ValidCode(pc) {
			errs.AddWith(line, "perspective_code", "invalid_code", map[string]string{"value": pc}, "perspective code %q must be 1-64 letters, digits, '_', '.' or '-'", pc)
			continue
		}
		for _, col := range []string{"perspective_name_en", "perspective_name_zh", "category_name_en", "category_name_zh"} {
			errs.Text(line, col, get(col), MaxNameLen)
		}
		pi, ok := persp[pc]
		if !ok {
			pi = len(cat.Perspectives)
			persp[pc] = pi
			persLine[pc] = line
			cat.Perspectives = append(cat.Perspectives, Perspective{Code: pc, NameEn: get("perspective_name_en"), NameZh: get("perspective_name_zh"), Weight: 1})
		}
		p := &cat.Perspectives[pi]
		if p.NameEn == "" {
			p.NameEn = get("perspective_name_en")
		}
		if p.NameZh == "" {
			p.NameZh = get("perspective_name_zh")
		}
		sameName(&errs, line, "perspective_name_en", p.NameEn, get("perspective_name_en"), persLine[pc])
		sameName(&errs, line, "perspective_name_zh", p.NameZh, get("perspective_name_zh"), persLine[pc])

		cc := get("category_code")
		if cc != "" {
			if !ValidCode(cc) {
				errs.AddWith(line, "category_code", "invalid_code", map[string]string{"value": cc}, "category code %q must be 1-64 letters, digits, '_', '.' or '-'", cc)
			} else if owner, seen := cats[cc]; seen && owner != pc {
				errs.AddWith(line, "category_code", "conflict", map[string]string{"value": cc, "other": owner}, "category %q already belongs to perspective %q", cc, owner)
			} else if !seen {
				cats[cc] = pc
				p.Categories = append(p.Categories, Category{Code: cc, NameEn: get("category_name_en"), NameZh: get("category_name_zh")})
			}
		}

		ind := Indicator{
			Code: get("indicator_code"), PerspectiveCode: pc, CategoryCode: cc,
			NameEn: get("name_en"), NameZh: get("name_zh"), Unit: get("unit"), UnitZh: get("unit_zh"),
			Reference: get("reference"), Source: get("source"), SourceZh: get("source_zh"),
			Definition: get("definition"), DefinitionZh: get("definition_zh"),
			Weight: 1,
		}
		if at, err := ParseAppliesTo(get("applies_to")); err != nil {
			errs.AddWith(line, "applies_to", "invalid_code", map[string]string{"value": get("applies_to")}, "%s", err.(*Error).Message)
		} else {
			ind.AppliesTo = at
		}
		if prev, dup := indLine[ind.Code]; dup {
			errs.AddWith(line, "indicator_code", "duplicate", map[string]string{"value": ind.Code, "first_line": strconv.Itoa(prev)}, "indicator %q already defined on line %d", ind.Code, prev)
			continue
		}
		indLine[ind.Code] = line
		if ind.Frequency, err = ParseFrequency(get("frequency")); err != nil {
			errs.AddWith(line, "frequency", "invalid", map[string]string{"value": get("frequency"), "expected": "annual, quarterly, monthly"}, "%v", err)
		} else if ind.Aggregation, err = ParseAggregation(get("aggregation"), ind.Frequency); err != nil {
			errs.AddWith(line, "aggregation", "invalid", map[string]string{"value": get("aggregation")}, "%v", err)
		}
		before := errs.Total
		num := func(col string) *float64 {
			s := get(col)
			if s == "" {
				return nil
			}
			v, err := ParseNumber(s)
			if err != nil {
				errs.AddNumber(line, col, err)
				return nil
			}
			return &v
		}
		year := func(col string) *int {
			s := get(col)
			if s == "" {
				return nil
			}
			v, err := strconv.Atoi(s)
			if err != nil {
				errs.AddWith(line, col, "not_a_number", map[string]string{"value": s, "expected": "2019"}, "%s %s is not a whole year", col, shortQuote(s))
				return nil
			}
			return &v
		}
		ind.Best, ind.Worst, ind.Green, ind.Red = num("best"), num("worst"), num("green"), num("red")
		ind.BaselineValue, ind.BaselineYear = num("baseline_value"), year("baseline_year")
		ind.TargetValue, ind.TargetYear = num("target_value"), year("target_year")
		ind.Min, ind.Max = num("min"), num("max")
		if w := num("weight"); w != nil {
			ind.Weight = *w
		}
		if p := num("points"); p != nil {
			ind.Points = *p
		}
		if errs.Total == before {
			ind.Validate(line, &errs)
		}
		if errs.Total == before && pointsTotal <= MaxPointsTotal { // said once
			pointsTotal += ind.Points
			checkPointsTotal(line, pointsTotal, &errs)
		}
		cat.Indicators = append(cat.Indicators, ind)
	}
	if len(cat.Indicators) == 0 && errs.Total == 0 {
		errs.AddWith(2, "indicator_code", "required", map[string]string{"rule": "no_rows"}, "the catalogue has no indicator rows")
	}
	if err := errs.Err("the catalogue file was not imported"); err != nil {
		return nil, err
	}
	return cat, nil
}

func sameName(errs *FieldErrors, line int, field, have, got string, first int) {
	if got != "" && have != "" && got != have {
		errs.AddWith(line, field, "conflict", map[string]string{"value": got, "other": have, "first_line": strconv.Itoa(first)},
			"%s %q differs from %q given on line %d", field, got, have, first)
	}
}

// WriteCatalogue writes cat in the catalogue file format, one row per
// indicator, grouped by perspective in order. What ReadCatalogue reads back
// from it is the same catalogue.
func WriteCatalogue(w io.Writer, cat *Catalogue) error {
	cw := NewCSVWriter(w)
	if err := cw.Write(CatalogueColumns); err != nil {
		return err
	}
	persp := make(map[string]*Perspective, len(cat.Perspectives))
	catName := map[string]Category{}
	for i := range cat.Perspectives {
		p := &cat.Perspectives[i]
		persp[p.Code] = p
		for _, c := range p.Categories {
			catName[c.Code] = c
		}
	}
	rec := make([]string, len(CatalogueColumns))
	for _, p := range cat.Perspectives {
		for i := range cat.Indicators {
			ind := &cat.Indicators[i]
			if ind.PerspectiveCode != p.Code {
				continue
			}
			c := catName[ind.CategoryCode]
			rec = rec[:0]
			rec = append(rec, p.Code, p.NameEn, p.NameZh, ind.CategoryCode, c.NameEn, c.NameZh,
				ind.Code, ind.NameEn, ind.NameZh, ind.Unit, ind.UnitZh, string(ind.Frequency), string(ind.Aggregation),
				fnum(ind.Best), fnum(ind.Worst), fnum(ind.Green), fnum(ind.Red),
				fnum(ind.BaselineValue), fint(ind.BaselineYear), fnum(ind.TargetValue), fint(ind.TargetYear),
				FormatNumber(ind.Weight), FormatNumber(ind.Points), fnum(ind.Min), fnum(ind.Max),
				ind.Reference, ind.Source, ind.SourceZh, ind.Definition, ind.DefinitionZh, strings.Join(ind.AppliesTo, ";"))
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func fnum(v *float64) string {
	if v == nil {
		return ""
	}
	return FormatNumber(*v)
}

func fint(v *int) string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(*v)
}
