package main

import (
	"flag"
	"os"

	"igmc/indicators"
	"igmc/indicators/xlsxrows"
)

// openImportZip opens FILE when it is an import zip (measurements.csv and
// the evidence files it names) rather than a CSV or a workbook; ok is
// false for any other file, which the caller opens as rows.
func (c *cli) openImportZip(path string) (rd indicators.RowReader, ev []indicators.RowEvidence, done func(), ok bool, err error) {
	done = func() {}
	if path == "-" {
		return nil, nil, done, false, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, done, false, nil
	}
	defer f.Close()
	head := make([]byte, 4)
	st, err := f.Stat()
	if _, rerr := f.ReadAt(head, 0); rerr != nil || err != nil || !indicators.IsZipArchive(head) || indicators.IsWorkbookZip(f, st.Size()) {
		return nil, nil, done, false, nil
	}
	if st.Size() > c.cfg.MaxUpload {
		return nil, nil, done, true, c.reportError(indicators.Errorf(indicators.TooLarge, "the zip is larger than %d MiB", c.cfg.MaxUpload>>20))
	}
	// The zip is read again as the import goes: keep it open until done.
	g, err := os.Open(path)
	if err != nil {
		return nil, nil, done, true, err
	}
	rd, ev, closeZip, err := indicators.OpenImportZip(g, st.Size(), c.cfg.MaxEvidence, xlsxrows.For(c.cfg.MaxUpload, c.tempDir).Unzipped, c.tempDir)
	if err != nil {
		_ = g.Close()
		return nil, nil, done, true, c.reportError(err)
	}
	return rd, ev, func() { closeZip(); _ = g.Close() }, true, nil
}

// importRowsOrZip is importRows for the measurements import, which also
// takes an import zip.
func (c *cli) importRowsOrZip(fs *flag.FlagSet, args []string, fw *string) (indicators.RowReader, []indicators.RowEvidence, func(), error) {
	if pos, err := parse(fs, args); err == nil && len(pos) == 1 && (fw == nil || *fw != "") {
		rd, ev, done, ok, err := c.openImportZip(pos[0])
		if ok {
			return rd, ev, done, err
		}
	}
	rd, done, err := c.importRows(fs, args, fw)
	return rd, nil, done, err
}
