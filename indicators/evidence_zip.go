package indicators

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// A measurements import may come as a zip: measurements.csv at its top
// and the evidence files it names. The CSV's column "evidence" names each
// row's files, separated by ";", as paths inside the zip.

// EvidenceColumn is the measurements file's column of evidence files.
const EvidenceColumn = "evidence"

// EvidenceZipCSV is the name of the measurements file inside the zip.
const EvidenceZipCSV = "measurements.csv"

// Bounds of an import zip, besides the per-file limit of evidence.
const (
	// MaxEvidenceZipEntries is the most entries a zip may hold.
	MaxEvidenceZipEntries = 10000
	// MaxEvidenceZipNames is the most files one row may name.
	MaxEvidenceZipNames = 20
)

// RowEvidence is one row's evidence: the value it names and its files.
type RowEvidence struct {
	Line                    int
	Zone, Indicator, Period string
	Files                   []EvidenceFile
}

// EvidenceZip is an opened import zip: Rows reads measurements.csv without
// its evidence column (for the import), Evidence lists each row's files,
// spooled, hashed and typed. Close removes the spooled copies.
type EvidenceZip struct {
	Evidence []RowEvidence
	csv      *zip.File
	spooled  []*SpooledEvidence
	col      int
}

// IsZipArchive reports whether head starts a zip archive that is no
// workbook: the caller tells the two apart by IsXLSX on the opened zip.
func IsZipArchive(head []byte) bool { return len(head) >= 4 && string(head[:4]) == "PK\x03\x04" }

// OpenEvidenceZip opens an import zip of size bytes. It refuses, naming
// what: more than MaxEvidenceZipEntries entries, more than maxTotal bytes
// unzipped in all, no measurements.csv, a row naming a file that is not
// in the zip (by its line), a file over maxFile bytes or of a type not
// taken. It reads the CSV once for the evidence column; Rows reads it
// again for the values.
func OpenEvidenceZip(r io.ReaderAt, size, maxFile, maxTotal int64, tempDir string) (*EvidenceZip, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, Errorf(Invalid, "the file is not a zip archive that can be read")
	}
	if len(zr.File) > MaxEvidenceZipEntries {
		return nil, Errorf(TooLarge, "the zip holds %d entries: at most %d are taken", len(zr.File), MaxEvidenceZipEntries)
	}
	z := &EvidenceZip{col: -1}
	entries := map[string]*zip.File{}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(maxTotal) {
			return nil, Errorf(TooLarge, "the zip unzips to more than %d MiB", maxTotal>>20)
		}
		entries[f.Name] = f
		if f.Name == EvidenceZipCSV {
			z.csv = f
		}
	}
	if z.csv == nil {
		return nil, Errorf(Invalid, "the zip has no %s at its top: put the measurements file there, beside the evidence files it names", EvidenceZipCSV)
	}
	ok := false
	defer func() {
		if !ok {
			z.Close()
		}
	}()
	if err := z.readEvidence(entries, maxFile, tempDir); err != nil {
		return nil, err
	}
	ok = true
	return z, nil
}

// readEvidence reads the CSV's evidence column and spools each named file
// once.
func (z *EvidenceZip) readEvidence(entries map[string]*zip.File, maxFile int64, tempDir string) error {
	rc, err := z.csv.Open()
	if err != nil {
		return Errorf(Invalid, "%s cannot be read from the zip", EvidenceZipCSV)
	}
	defer rc.Close()
	rd := NewCSVRows(io.LimitReader(rc, int64(z.csv.UncompressedSize64)))
	_, header, err := rd.Next()
	if err != nil {
		return Errorf(Invalid, "%s has no header row", EvidenceZipCSV)
	}
	cols := map[string]int{}
	for i, h := range header {
		cols[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	col, has := cols[EvidenceColumn]
	if !has {
		return nil
	}
	z.col = col
	cell := func(rec []string, name string) string {
		if i, ok := cols[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	byPath := map[string]*SpooledEvidence{}
	var errs FieldErrors
	for {
		line, rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if col >= len(rec) || strings.TrimSpace(rec[col]) == "" {
			continue
		}
		row := RowEvidence{Line: line, Zone: cell(rec, "zone_code"), Indicator: cell(rec, "indicator_code"), Period: cell(rec, "period")}
		names := strings.Split(rec[col], ";")
		if len(names) > MaxEvidenceZipNames {
			errs.AddWith(line, EvidenceColumn, "evidence_too_many", map[string]string{"limit": fmt.Sprint(MaxEvidenceZipNames)},
				"the row names %d files: at most %d are taken", len(names), MaxEvidenceZipNames)
			continue
		}
		for _, n := range names {
			p := path.Clean(strings.TrimPrefix(strings.ReplaceAll(strings.TrimSpace(n), `\`, "/"), "./"))
			if p == "." || p == "" {
				continue
			}
			f := entries[p]
			if f == nil || f.FileInfo().IsDir() {
				errs.AddWith(line, EvidenceColumn, "evidence_missing", map[string]string{"name": Excerpt(p)}, "the file %q is not in the zip", p)
				continue
			}
			sp := byPath[p]
			if sp == nil {
				if sp, err = spoolZipEntry(f, maxFile, tempDir); err != nil {
					var e *Error
					if errors.As(err, &e) && len(e.Fields) > 0 {
						fe := e.Fields[0]
						fe.Line, fe.Field = line, EvidenceColumn
						errs.Total++
						if len(errs.List) < MaxFieldErrors {
							errs.List = append(errs.List, fe)
						}
						continue
					}
					return err
				}
				byPath[p] = sp
				z.spooled = append(z.spooled, sp)
			}
			row.Files = append(row.Files, sp.EvidenceFile)
		}
		z.Evidence = append(z.Evidence, row)
		if errs.Total >= MaxFieldErrors {
			break
		}
	}
	return errs.Err("the zip was not imported")
}

func spoolZipEntry(f *zip.File, maxFile int64, tempDir string) (*SpooledEvidence, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, Errorf(Invalid, "the file %q cannot be read from the zip", f.Name)
	}
	defer rc.Close()
	return SpoolEvidence(rc, path.Base(f.Name), maxFile, tempDir)
}

// Rows reads measurements.csv for the import, without its evidence
// column. The caller closes the returned closer.
func (z *EvidenceZip) Rows() (RowReader, io.Closer, error) {
	rc, err := z.csv.Open()
	if err != nil {
		return nil, nil, Errorf(Invalid, "%s cannot be read from the zip", EvidenceZipCSV)
	}
	return &withoutColumn{rd: NewCSVRows(io.LimitReader(rc, int64(z.csv.UncompressedSize64))), col: z.col}, rc, nil
}

// Close removes the spooled copies of the evidence files.
func (z *EvidenceZip) Close() {
	for _, sp := range z.spooled {
		sp.Remove()
	}
}

// withoutColumn reads rows with one column left out (none when col < 0).
type withoutColumn struct {
	rd  RowReader
	col int
	buf []string
}

func (w *withoutColumn) Next() (int, []string, error) {
	line, rec, err := w.rd.Next()
	if err != nil || w.col < 0 || w.col >= len(rec) {
		return line, rec, err
	}
	w.buf = append(append(w.buf[:0], rec[:w.col]...), rec[w.col+1:]...)
	return line, w.buf, nil
}

// IsWorkbookZip reports whether the zip in r is an Office Open XML file
// (it has a [Content_Types].xml part) rather than an import zip.
func IsWorkbookZip(r io.ReaderAt, size int64) bool {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return true // let the workbook reader say what is wrong
	}
	for _, f := range zr.File {
		if f.Name == "[Content_Types].xml" {
			return true
		}
	}
	return false
}

// OpenImportZip opens the import zip at file (see OpenEvidenceZip) and
// returns its rows, its evidence and a function that closes both and
// removes every spooled copy.
func OpenImportZip(file io.ReaderAt, size, maxFile, maxTotal int64, tempDir string) (RowReader, []RowEvidence, func(), error) {
	z, err := OpenEvidenceZip(file, size, maxFile, maxTotal, tempDir)
	if err != nil {
		return nil, nil, func() {}, err
	}
	rd, rc, err := z.Rows()
	if err != nil {
		z.Close()
		return nil, nil, func() {}, err
	}
	return rd, z.Evidence, func() { _ = rc.Close(); z.Close() }, nil
}
