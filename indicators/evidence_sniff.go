package indicators

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"
)

// The content types an evidence file may have. Each is told from the
// file's bytes alone; the name it was sent under is never asked.
const (
	TypePDF  = "application/pdf"
	TypePNG  = "image/png"
	TypeJPEG = "image/jpeg"
	TypeGIF  = "image/gif"
	TypeWebP = "image/webp"
	TypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeXLS  = "application/vnd.ms-excel"
	TypeDOC  = "application/msword"
	TypeText = "text/plain; charset=utf-8"
)

// EvidenceTypes lists the allowed types, for messages and documentation.
var EvidenceTypes = []string{TypePDF, TypePNG, TypeJPEG, TypeGIF, TypeWebP, TypeXLSX, TypeDOCX, TypeXLS, TypeDOC, TypeText}

// maxContentTypesPart bounds the [Content_Types].xml part read to tell
// a workbook from a document.
const maxContentTypesPart = 1 << 20

var ole2Magic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// SniffEvidence tells an evidence file's type from its bytes (r holds all
// size of them): net/http.DetectContentType first, then what it cannot
// tell — an Office Open XML file is a zip whose [Content_Types].xml names
// its main part, an old Office file is an OLE2 compound file whose
// directory names its stream, and text must be UTF-8 throughout, without
// control characters. Anything else is refused with an Invalid error
// saying which types are taken.
func SniffEvidence(r io.ReaderAt, size int64) (string, error) {
	head := make([]byte, 512)
	n, err := r.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	head = head[:n]
	if n == 0 {
		return "", evidenceTypeError("the file is empty")
	}
	detected := http.DetectContentType(head)
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return TypePDF, nil
	case detected == TypePNG, detected == TypeJPEG, detected == TypeGIF, detected == TypeWebP:
		return detected, nil
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return sniffOOXML(r, size)
	case bytes.HasPrefix(head, ole2Magic):
		return sniffOLE2(r, size)
	case strings.HasPrefix(detected, "text/plain"):
		if err := checkUTF8Text(io.NewSectionReader(r, 0, size)); err != nil {
			return "", err
		}
		return TypeText, nil
	}
	return "", evidenceTypeError("its content is " + strings.SplitN(detected, ";", 2)[0])
}

func evidenceTypeError(why string) *Error {
	return Errorf(Invalid, "the file is not of a type taken as evidence (%s): send a PDF, PNG, JPEG, GIF or WebP image, "+
		"XLSX, XLS, DOCX or DOC file, or UTF-8 text such as CSV", why)
}

// sniffOOXML tells a workbook from a document by its [Content_Types].xml.
func sniffOOXML(r io.ReaderAt, size int64) (string, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return "", evidenceTypeError("it is a damaged zip archive")
	}
	for _, f := range zr.File {
		if f.Name != "[Content_Types].xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return "", evidenceTypeError("its [Content_Types].xml cannot be read")
		}
		part, err := io.ReadAll(io.LimitReader(rc, maxContentTypesPart))
		_ = rc.Close()
		if err != nil {
			return "", evidenceTypeError("its [Content_Types].xml cannot be read")
		}
		switch {
		case bytes.Contains(part, []byte("spreadsheetml.sheet.main+xml")):
			return TypeXLSX, nil
		case bytes.Contains(part, []byte("wordprocessingml.document.main+xml")):
			return TypeDOCX, nil
		}
		return "", evidenceTypeError("it is an Office file that is neither a workbook nor a document")
	}
	return "", evidenceTypeError("it is a zip archive")
}

// sniffOLE2 tells an old workbook from an old document by the name of its
// main stream, which the compound file's directory holds in UTF-16.
func sniffOLE2(r io.ReaderAt, size int64) (string, error) {
	utf16 := func(s string) []byte {
		b := make([]byte, 0, 2*len(s))
		for _, c := range []byte(s) {
			b = append(b, c, 0)
		}
		return b
	}
	workbook, book, document := utf16("Workbook"), utf16("Book\x00"), utf16("WordDocument")
	found := ""
	err := scanFor(io.NewSectionReader(r, 0, size), len(document), func(chunk []byte) bool {
		switch {
		case bytes.Contains(chunk, document):
			found = TypeDOC
		case bytes.Contains(chunk, workbook), bytes.Contains(chunk, book):
			found = TypeXLS
		}
		return found != ""
	})
	if err != nil {
		return "", err
	}
	if found == "" {
		return "", evidenceTypeError("it is an Office file that is neither a workbook nor a document")
	}
	return found, nil
}

// scanFor reads r in chunks that overlap by overlap bytes and stops when
// fn says so.
func scanFor(r io.Reader, overlap int, fn func([]byte) bool) error {
	buf := make([]byte, 64<<10)
	keep := 0
	for {
		n, err := io.ReadFull(r, buf[keep:])
		if n > 0 && fn(buf[:keep+n]) {
			return nil
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil
		}
		if err != nil {
			return err
		}
		keep = min(overlap, keep+n)
		copy(buf, buf[len(buf)-keep:])
	}
}

// checkUTF8Text reads r through and refuses a byte sequence that is not
// UTF-8 or a control character other than tab, line feed, form feed and
// carriage return.
func checkUTF8Text(r io.Reader) error {
	buf := make([]byte, 64<<10)
	carry := 0
	for {
		n, err := r.Read(buf[carry:])
		b := buf[:carry+n]
		end := len(b)
		if err == nil {
			// A rune may go on in the next read: keep its start back.
			for i := 1; i <= utf8.UTFMax-1 && i <= end; i++ {
				if utf8.RuneStart(b[end-i]) {
					if !utf8.FullRune(b[end-i:]) {
						end -= i
					}
					break
				}
			}
		}
		for i := 0; i < end; {
			c, w := utf8.DecodeRune(b[i:end])
			if c == utf8.RuneError && w <= 1 {
				return evidenceTypeError("it is text that is not UTF-8")
			}
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f {
				return evidenceTypeError("it is binary data")
			}
			i += w
		}
		carry = copy(buf, b[end:])
		if errors.Is(err, io.EOF) {
			if carry > 0 {
				return evidenceTypeError("it is text that is not UTF-8")
			}
			return nil
		}
		if err != nil {
			return err
		}
	}
}
