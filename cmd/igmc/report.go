package main

import (
	"context"
	"fmt"
	"io"

	"igmc/indicators"
	"igmc/reports"
)

// measurementsXLSX writes a measurements export as an Excel workbook to
// path: the rows stream into the workbook as they are read, and the file
// is written once complete.
func (c *cli) measurementsXLSX(ctx context.Context, f indicators.MeasurementFilter, history bool, path string) error {
	if path == "" {
		return fmt.Errorf("--format xlsx needs --out FILE")
	}
	x, err := reports.NewMeasurementsXLSX(history)
	if err != nil {
		return err
	}
	if err := c.store.ExportMeasurements(ctx, f, history, x.Write); err != nil {
		_ = x.Close()
		return c.reportError(err)
	}
	return c.writeOut(path, func(w io.Writer) error { return x.Finish(w) })
}
