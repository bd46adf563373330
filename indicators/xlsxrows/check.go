package xlsxrows

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"strings"

	"igmc/indicators"
)

// maxDirectory bounds the zip's central directory: archive/zip holds every
// entry's name, extra field and comment in memory.
const maxDirectory = 4 << 20

var errUnreadable = indicators.Errorf(indicators.Invalid, "the file is not a readable XLSX workbook")

// check reads the zip's directory, then every entry once, counting, so that
// a workbook over a limit or with a damaged entry is refused before the
// spreadsheet library unzips anything.
func check(r io.ReaderAt, size int64, lim Limits) error {
	if err := checkDirectory(r, size, lim.Entries); err != nil {
		return err
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return errUnreadable
	}
	var total, inMemory int64
	for _, e := range zr.File {
		sz := e.UncompressedSize64
		if sz > uint64(lim.Unzipped) {
			return tooLarge(lim)
		}
		total += int64(sz)
		if total > lim.Unzipped {
			return tooLarge(lim)
		}
		streamed := isStreamed(e.Name)
		if !streamed && int64(sz) > lim.Part {
			return indicators.Errorf(indicators.TooLarge, "the workbook's part %q unzips to more than %d MiB", e.Name, lim.Part>>20)
		}
		if !streamed || int64(sz) <= lim.Spill {
			if inMemory += int64(sz); inMemory > lim.InMemory {
				return indicators.Errorf(indicators.TooLarge, "the workbook's styles, theme and other parts unzip to more than %d MiB together", lim.InMemory>>20)
			}
		}
	}
	for _, e := range zr.File {
		if err := readEntry(e); err != nil {
			return err
		}
	}
	return nil
}

func tooLarge(lim Limits) error {
	return indicators.Errorf(indicators.TooLarge, "the workbook unzips to more than %d MiB, the limit for an upload of this size", lim.Unzipped>>20)
}

// isStreamed tells the entries the library streams from a temporary file
// when large (worksheets and shared strings), as it names them.
func isStreamed(name string) bool {
	n := strings.ToLower(strings.ReplaceAll(name, "\\", "/"))
	return strings.HasPrefix(n, "xl/worksheets/sheet") || n == "xl/sharedstrings.xml"
}

// readEntry unzips one entry to nowhere; archive/zip checks its size and
// checksum, and worksheets and shared strings go through the scanner.
func readEntry(e *zip.File) error {
	if e.FileInfo().IsDir() {
		return nil
	}
	rc, err := e.Open()
	if err != nil {
		return damaged(e)
	}
	defer func() { _ = rc.Close() }()
	var w io.Writer = io.Discard
	if isStreamed(e.Name) {
		w = &xmlScan{sheet: !strings.HasSuffix(strings.ToLower(e.Name), "sharedstrings.xml")}
	}
	if _, err := io.Copy(w, rc); err != nil {
		var ie *indicators.Error
		if errors.As(err, &ie) {
			return ie
		}
		return damaged(e)
	}
	return nil
}

func damaged(e *zip.File) error {
	return indicators.Errorf(indicators.Invalid, "the workbook is damaged: its part %q cannot be unzipped", e.Name)
}

// checkDirectory walks the zip's central directory without keeping it,
// refusing more than maxEntries entries or a directory over maxDirectory
// bytes, which archive/zip would otherwise read whole into memory.
func checkDirectory(r io.ReaderAt, size int64, maxEntries int) error {
	n := min(size, 22+65535)
	if n < 22 {
		return errUnreadable
	}
	buf := make([]byte, n)
	if _, err := r.ReadAt(buf, size-n); err != nil && err != io.EOF {
		return errUnreadable
	}
	i := bytes.LastIndex(buf, []byte("PK\x05\x06"))
	if i < 0 || len(buf)-i < 22 {
		return errUnreadable
	}
	end := buf[i:]
	offset := uint64(binary.LittleEndian.Uint32(end[16:]))
	if offset == 0xFFFFFFFF || binary.LittleEndian.Uint16(end[10:]) == 0xFFFF {
		// ZIP64: the locator just before the record says where the
		// ZIP64 end record is.
		if i < 20 || string(buf[i-20:i-16]) != "PK\x06\x07" {
			return errUnreadable
		}
		rec := make([]byte, 56)
		at := binary.LittleEndian.Uint64(buf[i-12:])
		if at > uint64(size) {
			return errUnreadable
		}
		if _, err := r.ReadAt(rec, int64(at)); err != nil || string(rec[:4]) != "PK\x06\x06" {
			return errUnreadable
		}
		offset = binary.LittleEndian.Uint64(rec[48:])
	}
	if offset >= uint64(size) {
		return errUnreadable
	}
	br := bufio.NewReader(io.NewSectionReader(r, int64(offset), size-int64(offset)))
	head := make([]byte, 46)
	var count, bytesRead int
	for {
		if _, err := io.ReadFull(br, head); err != nil || string(head[:4]) != "PK\x01\x02" {
			break
		}
		skip := int(binary.LittleEndian.Uint16(head[28:])) + int(binary.LittleEndian.Uint16(head[30:])) + int(binary.LittleEndian.Uint16(head[32:]))
		count++
		bytesRead += 46 + skip
		if count > maxEntries {
			return indicators.Errorf(indicators.TooLarge, "the workbook has more than %d parts", maxEntries)
		}
		if bytesRead > maxDirectory {
			return indicators.Errorf(indicators.TooLarge, "the workbook's list of parts is larger than %d MiB", maxDirectory>>20)
		}
		if _, err := br.Discard(skip); err != nil {
			break
		}
	}
	if count == 0 {
		return errUnreadable
	}
	return nil
}
