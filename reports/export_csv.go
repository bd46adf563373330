package reports

import (
	"bufio"
	"io"
	"strconv"

	"igmc/indicators"
	"igmc/locale"
)

// ExportWriter writes measurement export rows as CSV as they come. Its
// output is what indicators.CSVWriter writes (encoding/csv's format, each
// text neutralised by indicators.AppendCSVField), but each row is appended
// into one reused buffer: on a million-row export the generic writer and
// the number formatting were a third of the time.
type ExportWriter struct {
	w       *bufio.Writer
	history bool
	buf     []byte
}

// NewExportWriter writes the header at once. Without history the record
// keeping columns after status are left out, so the file is the import
// format plus status and version.
func NewExportWriter(w io.Writer, history bool) (*ExportWriter, error) {
	e := &ExportWriter{w: bufio.NewWriterSize(w, 32<<10), history: history, buf: make([]byte, 0, 256)}
	cols := indicators.ExportHeader(history)
	b := e.buf[:0]
	for i, c := range cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = indicators.AppendCSVField(b, c)
	}
	b = append(b, '\n')
	e.buf = b
	_, err := e.w.Write(b)
	return e, err
}

// Write writes one row.
func (e *ExportWriter) Write(r *indicators.ExportRow) error {
	b := e.buf[:0]
	b = indicators.AppendCSVField(b, r.ZoneCode)
	b = append(b, ',')
	b = indicators.AppendCSVField(b, r.IndicatorCode)
	b = append(b, ',')
	b = indicators.AppendCSVField(b, r.Period)
	b = append(b, ',')
	// FormatNumber's digits never need quotes.
	b = strconv.AppendFloat(b, r.Value, 'f', -1, 64)
	b = append(b, ',')
	b = indicators.AppendCSVField(b, r.Source)
	b = append(b, ',')
	b = indicators.AppendCSVField(b, r.Comment)
	b = append(b, ',')
	b = indicators.AppendCSVField(b, string(r.Status))
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(r.Version), 10)
	if e.history {
		b = append(b, ',')
		b = indicators.AppendCSVField(b, r.EnteredBy)
		b = append(b, ',')
		b = indicators.AppendCSVField(b, r.ReviewedBy)
		b = append(b, ',')
		b = locale.AppendStamp(b, r.CreatedAt)
		b = append(b, ',')
		b = locale.AppendStamp(b, r.UpdatedAt)
		b = append(b, ',')
		b = strconv.AppendBool(b, r.Current)
		b = append(b, ',')
		b = indicators.AppendCSVField(b, r.ReviewComment)
	}
	b = append(b, ',')
	b = append(b, exportQuality(r.Quality)...)
	b = append(b, '\n')
	e.buf = b
	_, err := e.w.Write(b)
	return err
}

// exportQuality is the quality column's text: the code, administrative
// when none.
func exportQuality(q indicators.Quality) string {
	if q == "" {
		return string(indicators.QualityAdministrative)
	}
	return string(q)
}

// Flush writes what is buffered and reports any write error.
func (e *ExportWriter) Flush() error {
	return e.w.Flush()
}
