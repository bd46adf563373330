package reports

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"igmc/indicators"
)

// The measurements template: one row per indicator × period of a year
// for a zone, the value left empty, with the indicator's name, unit and
// last year's value beside it for the person filling it in. Those three
// are informational columns (indicators.MeasurementInfoColumns) that the
// import reads past; their headers say so in the reader's language.

// TemplateRow is one row of the template.
type TemplateRow struct {
	Zone, Indicator, Period string
	// Name and Unit are in the reader's language.
	Name, Unit string
	// LastYear is the value of the same period a year earlier, if any.
	LastYear *float64
}

// TemplateHeader names the template's columns: the import's codes and,
// for the informational ones, the header cell as the reader sees it
// (the column's name and a note, see indicators.ReadHeaderInfo).
type TemplateHeader struct {
	Name, Unit, LastYear string
}

// templateColumns is the order of the template's columns: what a person
// reads first, then what they fill in. The import finds columns by name.
func (h TemplateHeader) columns() []string {
	return []string{"zone_code", "indicator_code", h.Name, h.Unit, "period", h.LastYear, "value", "source", "comment", "quality", "explain"}
}

// qualityColumn is the quality column (0-based).
const qualityColumn = 9

// informational marks the template's informational columns (0-based).
var informational = map[int]bool{2: true, 3: true, 5: true}

func (r *TemplateRow) cells() []any {
	var last any = ""
	if r.LastYear != nil {
		last = *r.LastYear
	}
	return []any{r.Zone, r.Indicator, r.Name, r.Unit, r.Period, last, "", "", "", "", ""}
}

// WriteTemplateCSV writes the template as CSV (UTF-8 with a byte-order
// mark, so that a spreadsheet opens the names in Chinese correctly).
func WriteTemplateCSV(out io.Writer, h TemplateHeader, rows []TemplateRow) error {
	if _, err := io.WriteString(out, "\uFEFF"); err != nil {
		return err
	}
	w := indicators.NewCSVWriter(out)
	_ = w.Write(h.columns())
	rec := make([]string, len(h.columns()))
	for i := range rows {
		for j, c := range rows[i].cells() {
			switch v := c.(type) {
			case float64:
				rec[j] = indicators.FormatNumber(v)
			default:
				rec[j] = v.(string)
			}
		}
		_ = w.Write(rec)
	}
	w.Flush()
	return w.Error()
}

// templateSheet names the template workbook's one sheet.
const templateSheet = "measurements"

// WriteTemplateXLSX writes the template as a workbook: the informational
// columns grey and locked (the sheet is protected without a password,
// every other cell left open), the header row frozen. Codes and periods
// are text cells, so 2024-03 stays a period; last year's values are
// numbers.
func WriteTemplateXLSX(out io.Writer, h TemplateHeader, rows []TemplateRow) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	fail := func(err error) error { return fmt.Errorf("reports: template xlsx: %w", err) }
	if err := f.SetSheetName(f.GetSheetName(0), templateSheet); err != nil {
		return fail(err)
	}
	open, err := f.NewStyle(&excelize.Style{Protection: &excelize.Protection{Locked: false}, NumFmt: 49})
	if err != nil {
		return fail(err)
	}
	info, err := f.NewStyle(&excelize.Style{Protection: &excelize.Protection{Locked: true}, NumFmt: 49,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}}, Font: &excelize.Font{Color: "595959"}})
	if err != nil {
		return fail(err)
	}
	infoNum, err := f.NewStyle(&excelize.Style{Protection: &excelize.Protection{Locked: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}}, Font: &excelize.Font{Color: "595959"}})
	if err != nil {
		return fail(err)
	}
	head, err := f.NewStyle(&excelize.Style{Protection: &excelize.Protection{Locked: true}, Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fail(err)
	}
	styleOf := func(i int) int {
		switch {
		case i == 5:
			return infoNum
		case informational[i]:
			return info
		}
		return open
	}
	cols := h.columns()
	for i, name := range cols {
		col, _ := excelize.ColumnNumberToName(i + 1)
		width := 14.0
		if informational[i] {
			width = 22
		}
		if err := f.SetColStyle(templateSheet, col, styleOf(i)); err != nil {
			return fail(err)
		}
		if err := f.SetColWidth(templateSheet, col, col, width); err != nil {
			return fail(err)
		}
		if err := f.SetCellStr(templateSheet, col+"1", name); err != nil {
			return fail(err)
		}
		if err := f.SetCellStyle(templateSheet, col+"1", col+"1", head); err != nil {
			return fail(err)
		}
	}
	for n := range rows {
		for i, c := range rows[n].cells() {
			cell, _ := excelize.CoordinatesToCellName(i+1, n+2)
			switch v := c.(type) {
			case float64:
				err = f.SetCellFloat(templateSheet, cell, v, -1, 64)
			case string:
				if v != "" {
					err = f.SetCellStr(templateSheet, cell, v)
				}
			}
			if err != nil {
				return fail(err)
			}
		}
	}
	if len(rows) > 0 {
		for i := range cols {
			from, _ := excelize.CoordinatesToCellName(i+1, 2)
			to, _ := excelize.CoordinatesToCellName(i+1, len(rows)+1)
			if err := f.SetCellStyle(templateSheet, from, to, styleOf(i)); err != nil {
				return fail(err)
			}
		}
	}
	if len(rows) > 0 {
		// The quality column offers the five codes (SPEC §8); empty is
		// administrative.
		col, _ := excelize.ColumnNumberToName(qualityColumn + 1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, len(rows)+1)
		codes := make([]string, len(indicators.Qualities))
		for i, q := range indicators.Qualities {
			codes[i] = string(q)
		}
		if err := dv.SetDropList(codes); err != nil {
			return fail(err)
		}
		if err := f.AddDataValidation(templateSheet, dv); err != nil {
			return fail(err)
		}
	}
	if err := f.SetPanes(templateSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fail(err)
	}
	if err := f.ProtectSheet(templateSheet, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true, Sort: true, AutoFilter: true}); err != nil {
		return fail(err)
	}
	if _, err := f.WriteTo(out); err != nil {
		return fail(err)
	}
	return nil
}
