package indicators

import (
	"io"
	"strconv"
)

// Zone is a reporting area: a park, one of its sub-areas, or a city. Parent
// links sub-zones to the zone that contains them.
type Zone struct {
	Code       string `json:"code"`
	NameEn     string `json:"name_en"`
	NameZh     string `json:"name_zh"`
	ParentCode string `json:"parent_code"`
	// Type is the zone's kind (city, park, cluster, district or any code
	// an administrator gives); empty is a zone of no particular kind, to
	// which every indicator applies.
	Type string `json:"type"`
}

// ZoneColumns are the columns of the zones file.
var ZoneColumns = []string{"code", "name_en", "name_zh", "parent_code", "type"}

// Validate checks a zone's own fields; whether its parent exists is the
// store's business.
func (z *Zone) Validate(line int, errs *FieldErrors) {
	if !ValidCode(z.Code) {
		errs.AddWith(line, "code", "invalid_code", map[string]string{"value": z.Code}, "zone code %q must be 1-64 letters, digits, '_', '.' or '-'", z.Code)
	}
	if z.NameEn == "" {
		errs.Add(line, "name_en", "required", "name_en is required")
	}
	errs.Text(line, "name_en", z.NameEn, MaxNameLen)
	errs.Text(line, "name_zh", z.NameZh, MaxNameLen)
	errs.Text(line, "parent_code", z.ParentCode, MaxCodeLen)
	if z.Type != "" && !ValidCode(z.Type) {
		errs.AddWith(line, "type", "invalid_code", map[string]string{"value": z.Type}, "zone type %q must be 1-64 letters, digits, '_', '.' or '-'", z.Type)
	}
	if z.ParentCode != "" && z.ParentCode == z.Code {
		errs.AddWith(line, "parent_code", "invalid", map[string]string{"value": z.Code, "rule": "own_parent"}, "zone %q cannot be its own parent", z.Code)
	}
}

// ReadZones parses a zones file, listing every bad row.
func ReadZones(rd RowReader) ([]Zone, error) {
	h, err := ReadHeader(rd, ZoneColumns, []string{"code", "name_en"})
	if err != nil {
		return nil, err
	}
	var (
		zones []Zone
		errs  FieldErrors
		seen  = map[string]int{}
	)
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
		z := Zone{Code: h.Get(rec, "code"), NameEn: h.Get(rec, "name_en"), NameZh: h.Get(rec, "name_zh"), ParentCode: h.Get(rec, "parent_code"), Type: h.Get(rec, "type")}
		if prev, dup := seen[z.Code]; dup {
			errs.AddWith(line, "code", "duplicate", map[string]string{"value": z.Code, "first_line": strconv.Itoa(prev)}, "zone %q already given on line %d", z.Code, prev)
			continue
		}
		seen[z.Code] = line
		z.Validate(line, &errs)
		zones = append(zones, z)
	}
	if err := errs.Err("the zones file was not imported"); err != nil {
		return nil, err
	}
	return zones, nil
}
