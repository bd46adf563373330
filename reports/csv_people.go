package reports

import (
	"io"
	"math"

	"igmc/locale"
)

// The scorecard, progress and comparison CSV files carry, after their
// exact figures and codes, the same figures rounded as the pages show
// them and the words the pages use, in the language asked for, so that a
// file opened in a spreadsheet reads as the page does while a program
// still reads the exact columns.

// CSVOptions say how to write a CSV file for people.
type CSVOptions struct {
	// Lang is the language of the words columns: "en" (the default) or
	// "zh".
	Lang string
	// BOM starts the file with the UTF-8 byte order mark, without which
	// Excel on Chinese Windows reads a CSV file as GBK and garbles every
	// Chinese character. Every CSV import of the program skips it.
	BOM bool
}

// UTF8BOM is the byte order mark CSVOptions.BOM writes.
const UTF8BOM = "\uFEFF"

func (o CSVOptions) lang() *locale.Lang {
	if l := locale.Of(o.Lang); l != nil {
		return l
	}
	return locale.English()
}

// start writes the byte order mark when asked for.
func (o CSVOptions) start(w io.Writer) error {
	if !o.BOM {
		return nil
	}
	_, err := io.WriteString(w, UTF8BOM)
	return err
}

// rounded is a figure with one decimal as a spreadsheet reads it (no
// thousands separator); "" for none.
func rounded(v *float64) string {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return ""
	}
	return locale.Decimal(*v, 1, 1)
}

// roundedValue is a value as ValueFigure writes it, without the
// thousands separator: one decimal, two significant digits below 0.05.
func roundedValue(v *float64) string {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return ""
	}
	if a := math.Abs(*v); a > 0 && a < 0.05 {
		return locale.Decimal(*v, min(int(math.Ceil(-math.Log10(a)))+1, 6), -1)
	}
	return locale.Decimal(*v, 1, 1)
}

// roundedPct is a fraction (0.25) as a percentage with one decimal
// (25.0); "" for none.
func roundedPct(v *float64) string {
	if v == nil {
		return ""
	}
	p := *v * 100
	return rounded(&p)
}
