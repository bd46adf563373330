package reports

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"igmc/indicators"
	"igmc/locale"
)

// MeasurementsXLSX writes a measurements export as an Excel workbook with
// the columns of the CSV export, one sheet named measurements. Rows go
// through excelize's stream writer as they are read, so they are never all
// held in memory (past 16 MB the sheet is kept in a temporary file until
// the workbook is written); values and versions are number cells.
type MeasurementsXLSX struct {
	f       *excelize.File
	sw      *excelize.StreamWriter
	history bool
	row     int
	cells   []any
}

// measurementsSheet names the workbook's one sheet.
const measurementsSheet = "measurements"

// ErrTooManyRows says that an export does not fit in one worksheet.
var ErrTooManyRows = indicators.Errorf(indicators.Invalid,
	"the export has more rows than a worksheet holds (%d); export it as CSV, or one zone at a time", excelize.TotalRows-1)

// NewMeasurementsXLSX starts the workbook and writes the header row.
func NewMeasurementsXLSX(history bool) (*MeasurementsXLSX, error) {
	x := &MeasurementsXLSX{f: excelize.NewFile(), history: history, row: 1}
	if err := x.f.SetSheetName(x.f.GetSheetName(0), measurementsSheet); err != nil {
		return nil, x.fail(err)
	}
	sw, err := x.f.NewStreamWriter(measurementsSheet)
	if err != nil {
		return nil, x.fail(err)
	}
	x.sw = sw
	cols := indicators.ExportHeader(history)
	x.cells = make([]any, len(cols))
	for i, c := range cols {
		x.cells[i] = c
	}
	if err := sw.SetRow("A1", x.cells); err != nil {
		return nil, x.fail(err)
	}
	return x, nil
}

func (x *MeasurementsXLSX) fail(err error) error {
	_ = x.f.Close()
	return fmt.Errorf("reports: measurements xlsx: %w", err)
}

// Write adds one row.
func (x *MeasurementsXLSX) Write(r *indicators.ExportRow) error {
	x.row++
	if x.row > excelize.TotalRows {
		return ErrTooManyRows
	}
	c := x.cells[:0]
	c = append(c, r.ZoneCode, r.IndicatorCode, r.Period, r.Value, r.Source, r.Comment, string(r.Status), r.Version)
	if x.history {
		c = append(c, r.EnteredBy, r.ReviewedBy, locale.Stamp(r.CreatedAt), locale.Stamp(r.UpdatedAt), r.Current, r.ReviewComment)
	}
	c = append(c, exportQuality(r.Quality))
	x.cells = c
	ref, err := excelize.CoordinatesToCellName(1, x.row)
	if err == nil {
		err = x.sw.SetRow(ref, c)
	}
	if err != nil {
		return fmt.Errorf("reports: measurements xlsx: %w", err)
	}
	return nil
}

// Finish writes the workbook to w and releases it.
func (x *MeasurementsXLSX) Finish(w io.Writer) error {
	defer func() { _ = x.f.Close() }()
	if err := x.sw.Flush(); err != nil {
		return fmt.Errorf("reports: measurements xlsx: %w", err)
	}
	return x.f.Write(w)
}

// Close releases the workbook (its temporary file) without writing it.
func (x *MeasurementsXLSX) Close() error { return x.f.Close() }
