// Package xlsxrows reads the first worksheet of an XLSX workbook as rows, so
// that spreadsheets can be imported like CSV files. It is the one way the
// program opens a workbook it is sent: every read is bounded by Limits.
package xlsxrows

import (
	"fmt"
	"io"
	"os"

	"github.com/xuri/excelize/v2"

	"igmc/indicators"
)

// Rows implements indicators.RowReader over a worksheet.
type Rows struct {
	f    *excelize.File
	rows *excelize.Rows
	tmp  string
	lim  Limits
	// spool is OpenReader's copy of the stream, removed on Close.
	spool *os.File
	line  int
}

// Open reads the XLSX workbook in file (which it neither closes nor
// removes) and positions on its first worksheet. The workbook is checked
// against lim before the spreadsheet library unzips any of it; the
// library's own temporary files go to a folder of lim.TempDir that Close,
// or a failed Open, removes.
func Open(file *os.File, lim Limits) (*Rows, error) {
	st, err := file.Stat()
	if err != nil {
		return nil, fmt.Errorf("xlsxrows: %w", err)
	}
	if err := check(file, st.Size(), lim); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(lim.TempDir, "xlsx-")
	if err != nil {
		return nil, fmt.Errorf("xlsxrows: %w", err)
	}
	x := &Rows{tmp: tmp, lim: lim}
	x.f, err = excelize.OpenFile(file.Name(), excelize.Options{UnzipSizeLimit: lim.Unzipped, UnzipXMLSizeLimit: lim.Spill, TmpDir: tmp})
	if err != nil {
		x.cleanup()
		return nil, errUnreadable
	}
	sheets := x.f.GetSheetList()
	if len(sheets) == 0 {
		x.cleanup()
		return nil, indicators.Errorf(indicators.Invalid, "the workbook has no worksheet")
	}
	if x.rows, err = x.f.Rows(sheets[0]); err != nil {
		x.cleanup()
		return nil, indicators.Errorf(indicators.Invalid, "the first worksheet cannot be read")
	}
	return x, nil
}

// Next implements indicators.RowReader. Cells come as the text the sheet
// shows in its raw form (numbers unformatted). A row past lim.Rows, a
// cell over indicators.MaxCellBytes or a row over indicators.MaxColumns
// cells is refused with its row number.
func (x *Rows) Next() (int, []string, error) {
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil {
			return x.line, nil, indicators.Errorf(indicators.Invalid, "row %d of the worksheet cannot be read", x.line+1)
		}
		return x.line, nil, io.EOF
	}
	x.line++
	if x.line > x.lim.Rows {
		return x.line, nil, indicators.Limited(x.line, "the worksheet has more than %d rows", x.lim.Rows)
	}
	rec, err := x.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return x.line, nil, indicators.Errorf(indicators.Invalid, "row %d of the worksheet cannot be read", x.line)
	}
	if rec, err = indicators.Trim(x.line, rec); err != nil {
		return x.line, nil, err
	}
	for _, c := range rec {
		if len(c) > indicators.MaxCellBytes {
			return x.line, nil, indicators.Limited(x.line, "a cell on row %d is longer than %d KiB", x.line, indicators.MaxCellBytes>>10)
		}
	}
	return x.line, rec, nil
}

// Close releases the workbook and removes its temporary files.
func (x *Rows) Close() error {
	var err error
	if x.rows != nil {
		err = x.rows.Close()
	}
	if cerr := x.cleanup(); err == nil {
		err = cerr
	}
	return err
}

func (x *Rows) cleanup() error {
	var err error
	if x.f != nil {
		err = x.f.Close()
		x.f = nil
	}
	if rerr := os.RemoveAll(x.tmp); err == nil {
		err = rerr
	}
	if x.spool != nil {
		_ = x.spool.Close()
		if rerr := os.Remove(x.spool.Name()); err == nil {
			err = rerr
		}
		x.spool = nil
	}
	return err
}
