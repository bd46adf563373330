package reports

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"igmc/indicators"
	"igmc/locale"
	"igmc/scoring"
)

// ScorecardXLSXColumns are the columns of a perspective's sheet in the
// scorecard workbook: the indicator rows of the CSV, without the columns
// that the sheet (its perspective) or the Summary sheet already carry.
var ScorecardXLSXColumns = []string{"code", "name_en", "name_zh", "value", "value_year", "unit", "unit_zh", "score", "rating", "trend",
	"points", "points_max", "progress", "expected", "plan_status", "quality"}

// summarySheet is the first sheet of the scorecard workbook.
const summarySheet = "Summary"

// WriteScorecardXLSX writes card as an Excel workbook: a Summary sheet, then
// one sheet per perspective named after its code, listing its indicators.
// Figures are number cells so that a spreadsheet can compute with them; a
// null figure is an empty cell, never a zero.
func WriteScorecardXLSX(w io.Writer, card *scoring.Card, cat *indicators.Catalogue) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	x := &xlsxWriter{f: f}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("reports: scorecard xlsx: %w", err)
	}
	x.bold = bold
	// Scores and points show one decimal, as on the pages; the cell keeps
	// the exact number.
	if x.oneDecimal, err = f.NewStyle(&excelize.Style{CustomNumFmt: &oneDecimalFormat}); err != nil {
		return fmt.Errorf("reports: scorecard xlsx: %w", err)
	}
	if err := f.SetSheetName(f.GetSheetName(0), summarySheet); err != nil {
		return fmt.Errorf("reports: scorecard xlsx: %w", err)
	}
	x.summary(card)
	names := indicatorNames(cat)
	for _, p := range card.Perspectives {
		if _, err := f.NewSheet(p.Code); err != nil {
			return fmt.Errorf("reports: scorecard xlsx: sheet %q: %w", p.Code, err)
		}
		x.header(p.Code, ScorecardXLSXColumns)
		x.figureColumns(p.Code, "H", "K")
		row := 2
		for _, ind := range card.Indicators {
			if ind.PerspectiveCode != p.Code {
				continue
			}
			n := names[ind.IndicatorCode]
			var pts any
			if n != nil {
				pts = n.Points
			}
			rt := rating(ind.Rating)
			if NotApplicable(&ind) {
				rt = NotApplicableCode + ": " + ind.NotApplicableReason
			}
			x.row(p.Code, row, ind.IndicatorCode, nameEn(n), nameZh(n), numCell(ind.Value), intCell(ind.Year), ind.Unit, unitZh(n),
				numCell(ind.Score), rt, trend(ind.Trend), ind.Points, pts,
				numCell(ind.Progress), numCell(ind.Expected), plan(ind.PlanStatus), qualityCode(ind.Quality))
			row++
		}
	}
	if x.err != nil {
		return fmt.Errorf("reports: scorecard xlsx: %w", x.err)
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

// xlsxWriter fills a workbook and keeps the first error, so that the
// layout reads as a list of rows.
type xlsxWriter struct {
	f          *excelize.File
	bold       int
	oneDecimal int
	err        error
}

// oneDecimalFormat is the number format of scores and points.
var oneDecimalFormat = "0.0"

// figureColumns shows the numbers of the columns named with one decimal.
func (x *xlsxWriter) figureColumns(sheet string, cols ...string) {
	for _, c := range cols {
		if x.err == nil && x.oneDecimal != 0 {
			x.err = x.f.SetColStyle(sheet, c, x.oneDecimal)
		}
	}
}

// summary writes the Summary sheet: the card's figures as label and value
// rows, then its perspectives.
func (x *xlsxWriter) summary(card *scoring.Card) {
	basis := string(card.Basis)
	if card.Basis == scoring.BasisWorking {
		basis += " (working view: latest values whatever their status)"
	} else {
		basis += " (approved values only)"
	}
	var grade any
	if card.Points.Grade != nil {
		grade = *card.Points.Grade
	}
	lines := [][2]any{
		{"framework", card.Framework},
		{"zone", card.Zone},
		{"year", card.Year},
		{"basis", basis},
		{"method_version", card.MethodVersion},
		{"coverage", card.Coverage},
		{"index", numCell(card.Index.Score)},
		{"index_reason", string(card.Index.Reason)},
		{"points_earned", card.Points.Earned},
		{"points_max", card.Points.Max},
		{"grade", grade},
		{"scored_values", card.Quality.Values},
		{"estimated_values", card.Quality.Estimated},
		{"estimated_share", numCell(card.Quality.Share)},
	}
	if card.SignedOff != nil {
		lines = append(lines, [2]any{"signed_off", SignedOffText(locale.English(), card.SignedOff)},
			[2]any{"signed_off_zh", SignedOffText(locale.Of("zh"), card.SignedOff)}, [2]any{"plan_sha256", card.SignedOff.PlanSHA256})
	}
	for i, l := range lines {
		x.row(summarySheet, i+1, l[0], l[1])
		x.style(summarySheet, i+1, 1)
	}
	r := len(lines) + 2
	x.header(summarySheet, []string{"perspective", "name_en", "name_zh", "score", "rating", "trend", "coverage", "points", "points_max",
		"scored_values", "estimated_values", "estimated_share"}, r)
	for _, p := range card.Perspectives {
		r++
		x.row(summarySheet, r, p.Code, p.NameEn, p.NameZh, numCell(p.Score), string(p.Rating), trend(p.Trend), p.Coverage, p.Points, p.PointsMax,
			p.Quality.Values, p.Quality.Estimated, numCell(p.Quality.Share))
		for _, col := range []string{"D", "H"} {
			if x.err == nil && x.oneDecimal != 0 {
				x.err = x.f.SetCellStyle(summarySheet, col+fmt.Sprint(r), col+fmt.Sprint(r), x.oneDecimal)
			}
		}
	}
	for _, at := range []string{"B7", "B9"} { // the index and the points earned
		if x.err == nil && x.oneDecimal != 0 {
			x.err = x.f.SetCellStyle(summarySheet, at, at, x.oneDecimal)
		}
	}
}

// header writes a bold header row, on row 1 unless told.
func (x *xlsxWriter) header(sheet string, cols []string, at ...int) {
	r := 1
	if len(at) > 0 {
		r = at[0]
	}
	cells := make([]any, len(cols))
	for i, c := range cols {
		cells[i] = c
	}
	x.row(sheet, r, cells...)
	x.style(sheet, r, len(cols))
}

// row writes cells from column A of row r; a nil or empty string cell is
// left empty.
func (x *xlsxWriter) row(sheet string, r int, cells ...any) {
	for i, v := range cells {
		if v == nil || v == "" || x.err != nil {
			continue
		}
		ref, err := excelize.CoordinatesToCellName(i+1, r)
		if err == nil {
			err = x.f.SetCellValue(sheet, ref, v)
		}
		x.err = err
	}
}

// style makes the first n cells of row r bold.
func (x *xlsxWriter) style(sheet string, r, n int) {
	if x.err != nil {
		return
	}
	from, _ := excelize.CoordinatesToCellName(1, r)
	to, _ := excelize.CoordinatesToCellName(n, r)
	x.err = x.f.SetCellStyle(sheet, from, to, x.bold)
}

// numCell is a number cell's value, or nil (an empty cell) for null.
func numCell(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

func intCell(v *int) any {
	if v == nil {
		return nil
	}
	return *v
}
