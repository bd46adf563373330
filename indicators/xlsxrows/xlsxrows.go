// Package xlsxrows reads the first worksheet of an XLSX workbook as rows, so
// that spreadsheets can be imported like CSV files.
package xlsxrows

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"igmc/indicators"
)

// Rows implements indicators.RowReader over a worksheet.
type Rows struct {
	f    *excelize.File
	rows *excelize.Rows
	line int
}

// Open reads an XLSX workbook from r and positions on its first worksheet.
func Open(r io.Reader) (*Rows, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, indicators.Errorf(indicators.Invalid, "the file is not a readable XLSX workbook")
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		_ = f.Close()
		return nil, indicators.Errorf(indicators.Invalid, "the workbook has no worksheet")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		_ = f.Close()
		return nil, indicators.Errorf(indicators.Invalid, "the first worksheet cannot be read")
	}
	return &Rows{f: f, rows: rows}, nil
}

// Next implements indicators.RowReader. Cells come as the text the sheet
// shows in its raw form (numbers unformatted).
func (x *Rows) Next() (int, []string, error) {
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil {
			return x.line, nil, fmt.Errorf("xlsxrows: %w", err)
		}
		return x.line, nil, io.EOF
	}
	x.line++
	rec, err := x.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return x.line, nil, indicators.Errorf(indicators.Invalid, "row %d of the worksheet cannot be read", x.line)
	}
	return x.line, rec, nil
}

// Close releases the workbook.
func (x *Rows) Close() error {
	_ = x.rows.Close()
	return x.f.Close()
}
