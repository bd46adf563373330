package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/schollz/progressbar/v3"

	"igmc/indicators"
	"igmc/indicators/xlsxrows"
	"igmc/locale"
	"igmc/reports"
)

// openRows opens a CSV or XLSX file (told by its content) as rows; "-"
// reads standard input. A workbook is read through xlsxrows with the
// limits of an upload of IGMC_MAX_UPLOAD_MB, its temporary files in the
// data dir's temporary folder; a workbook on standard input is first
// copied there.
func (c *cli) openRows(path string) (indicators.RowReader, func(), error) {
	var r io.Reader
	var file *os.File
	closeFn := func() {}
	if path == "-" {
		r = c.env.stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, closeFn, err
		}
		r, file, closeFn = f, f, func() { _ = f.Close() }
	}
	br := bufio.NewReaderSize(r, 256<<10)
	head, _ := br.Peek(4)
	if indicators.IsXLSX(head) {
		lim := xlsxrows.For(c.cfg.MaxUpload, c.tempDir)
		var x *xlsxrows.Rows
		var err error
		if file != nil {
			x, err = xlsxrows.Open(file, lim)
		} else {
			x, err = xlsxrows.OpenReader(br, c.cfg.MaxUpload, lim)
		}
		if err != nil {
			closeFn()
			return nil, func() {}, c.reportError(err)
		}
		prev := closeFn
		return x, func() { _ = x.Close(); prev() }, nil
	}
	return indicators.NewCSVRows(br), closeFn, nil
}

func oneFile(args []string, cmd string) (string, error) {
	if len(args) != 1 {
		return "", fmt.Errorf("%s takes exactly one FILE (or - for standard input)", cmd)
	}
	return args[0], nil
}

// importRows is how every import command starts: its flags parsed
// (--framework CODE required when fw is given), its one FILE opened as
// rows. The caller defers done.
func (c *cli) importRows(fs *flag.FlagSet, args []string, fw *string) (rd indicators.RowReader, done func(), err error) {
	done = func() {}
	pos, err := parse(fs, args)
	if err != nil {
		return nil, done, exitCode(2)
	}
	if fw != nil && *fw == "" {
		return nil, done, fmt.Errorf("%s needs --framework CODE", fs.Name())
	}
	path, err := oneFile(pos, fs.Name())
	if err != nil {
		return nil, done, err
	}
	return c.openRows(path)
}

func catalogueImportCmd(ctx context.Context, c *cli, args []string) error {
	fs := newFlags("catalogue import", c)
	fw := fs.String("framework", "", "framework code (created when it does not exist)")
	rd, done, err := c.importRows(fs, args, fw)
	defer done()
	if err != nil {
		return err
	}
	cat, err := indicators.ReadCatalogue(rd)
	if err != nil {
		return c.reportError(err)
	}
	res, err := c.store.ImportCatalogue(ctx, indicators.Framework{Code: *fw}, cat, indicators.System)
	if err != nil {
		return c.reportError(err)
	}
	fmt.Fprintf(c.env.stdout, "framework %s: %d perspectives, %d categories, indicators: %d new, %d changed, %d unchanged, %d removed\n",
		res.Framework, res.Perspectives, res.Categories, res.New, res.Changed, res.Unchanged, res.Removed)
	return nil
}

func catalogueExportCmd(ctx context.Context, c *cli, args []string) error {
	fs := newFlags("catalogue export", c)
	fw := fs.String("framework", "", "framework code")
	pos, err := parse(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if *fw == "" || len(pos) > 0 {
		return fmt.Errorf("usage: igmc catalogue export --framework CODE")
	}
	cat, err := c.store.Catalogue(ctx, *fw)
	if err != nil {
		return c.reportError(err)
	}
	w := bufio.NewWriter(c.env.stdout)
	if err := indicators.WriteCatalogue(w, cat); err != nil {
		return err
	}
	return w.Flush()
}

func zonesImportCmd(ctx context.Context, c *cli, args []string) error {
	rd, done, err := c.importRows(newFlags("zones import", c), args, nil)
	defer done()
	if err != nil {
		return err
	}
	zones, err := indicators.ReadZones(rd)
	if err != nil {
		return c.reportError(err)
	}
	res, err := c.store.ImportZones(ctx, zones, indicators.System)
	if err != nil {
		return c.reportError(err)
	}
	fmt.Fprintf(c.env.stdout, "zones: %d new, %d changed, %d unchanged\n", res.New, res.Changed, res.Unchanged)
	return nil
}

func measurementsImportCmd(ctx context.Context, c *cli, args []string) error {
	fs := newFlags("measurements import", c)
	fw := fs.String("framework", "", "framework code")
	dry := fs.Bool("dry-run", false, "check the file and count what would change, writing nothing")
	approve := fs.Bool("approve", false, "import the values as approved instead of submitted")
	accept := fs.Bool("accept-warnings", false, "confirm the rows the checks warn of that have no explain text")
	rd, ev, done, err := c.importRowsOrZip(fs, args, fw)
	defer done()
	if err != nil {
		return err
	}
	opts := indicators.ImportOptions{Framework: *fw, DryRun: *dry, Status: indicators.Submitted, By: indicators.System, AcceptWarnings: *accept,
		Evidence: ev}
	if *approve {
		opts.Status = indicators.Approved
	}
	if isTerminal(c.env.stderr) {
		bar := progressbar.NewOptions(-1, progressbar.OptionSetWriter(c.env.stderr), progressbar.OptionSetDescription("rows checked"),
			progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
		opts.Progress = func(n int) { _ = bar.Set(n) }
		defer func() { _ = bar.Finish() }()
	}
	res, err := c.store.ImportMeasurements(ctx, rd, opts)
	if err != nil {
		return c.reportError(err)
	}
	verb := "imported"
	if res.DryRun {
		verb = "dry run, nothing written"
	}
	skipped := ""
	if res.Skipped > 0 {
		skipped = fmt.Sprintf("; %d rows without a value skipped", res.Skipped)
	}
	if res.Evidence > 0 {
		skipped += fmt.Sprintf("; %d evidence files attached", res.Evidence)
	}
	fmt.Fprintf(c.env.stdout, "%s: %d rows: %d new, %d changed, %d unchanged%s\n", verb, res.Rows, res.New, res.Changed, res.Unchanged, skipped)
	return c.printImportWarnings(ctx, *fw, res)
}

// printImportWarnings lists the rows the checks warn of, one line per
// warning, and counts those not listed.
func (c *cli) printImportWarnings(ctx context.Context, fw string, res indicators.ImportResult) error {
	if res.Warned == 0 {
		return nil
	}
	rules, err := c.store.Rules(ctx, fw)
	if err != nil {
		return c.reportError(err)
	}
	l := locale.Of("en")
	fmt.Fprintf(c.env.stdout, "%d rows with warnings, %d of them without explain text\n", res.Warned, res.Unexplained)
	for _, rw := range res.Warnings {
		for _, w := range rw.Warnings {
			fmt.Fprintf(c.env.stdout, "line %d: %s %s %s: %s\n", rw.Line, rw.ZoneCode, rw.IndicatorCode, rw.Period, reports.WarningText(l, w, rules))
		}
	}
	if more := res.Warned - len(res.Warnings); more > 0 {
		fmt.Fprintf(c.env.stdout, "… and %d more rows with warnings\n", more)
	}
	if res.DryRun && res.Unexplained > 0 {
		fmt.Fprintln(c.env.stdout, "to import, give explain text on these rows or confirm them with --accept-warnings")
	}
	return nil
}

func measurementsExportCmd(ctx context.Context, c *cli, args []string) error {
	fs := newFlags("measurements export", c)
	fw := fs.String("framework", "", "framework code")
	zone := fs.String("zone", "", "only this zone")
	history := fs.Bool("history", false, "include every earlier version with who entered and reviewed it")
	format := fs.String("format", "csv", "csv or xlsx")
	out := fs.String("out", "", "write to this file instead of standard output (required for xlsx)")
	pos, err := parse(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if *fw == "" || len(pos) > 0 || *format != "csv" && *format != "xlsx" {
		return fmt.Errorf("usage: igmc measurements export --framework CODE [--zone Z] [--history] [--format csv|xlsx --out FILE]")
	}
	filter := indicators.MeasurementFilter{Framework: *fw, Zone: *zone}
	if *format == "xlsx" {
		return c.measurementsXLSX(ctx, filter, *history, *out)
	}
	return c.writeOut(*out, func(w io.Writer) error {
		ew, err := reports.NewExportWriter(w, *history)
		if err != nil {
			return err
		}
		if err := c.store.ExportMeasurements(ctx, filter, *history, ew.Write); err != nil {
			return c.reportError(err)
		}
		return ew.Flush()
	})
}
