package indicators

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"
)

// ExportWriter writes measurement export rows as CSV as they come.
type ExportWriter struct {
	w       *csv.Writer
	history bool
	rec     []string
}

// NewExportWriter writes the header at once. Without history the record
// keeping columns after status are left out, so the file is the import
// format plus status and version.
func NewExportWriter(w io.Writer, history bool) (*ExportWriter, error) {
	e := &ExportWriter{w: csv.NewWriter(w), history: history}
	cols := ExportColumns
	if !history {
		cols = ExportColumns[:8]
	}
	e.rec = make([]string, 0, len(cols))
	return e, e.w.Write(cols)
}

// Write writes one row.
func (e *ExportWriter) Write(r *ExportRow) error {
	e.rec = append(e.rec[:0], r.ZoneCode, r.IndicatorCode, r.Period, FormatNumber(r.Value), r.Source, r.Comment,
		string(r.Status), strconv.Itoa(r.Version))
	if e.history {
		cur := "false"
		if r.Current {
			cur = "true"
		}
		e.rec = append(e.rec, r.EnteredBy, r.ReviewedBy, r.CreatedAt.UTC().Format(time.RFC3339), r.UpdatedAt.UTC().Format(time.RFC3339), cur)
	}
	return e.w.Write(e.rec)
}

// Flush writes what is buffered and reports any write error.
func (e *ExportWriter) Flush() error {
	e.w.Flush()
	return e.w.Error()
}
