package reports

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
)

// PDFFonts are the fonts a Chinese PDF report looks for, in order, when
// none is configured: plain (sans-serif) faces first, the calligraphic
// LXGW WenKai last. The PDF library embeds TrueType outlines only, so the
// Noto Sans CJK collections of Debian's fonts-noto-cjk (CFF outlines) are
// not in the list; a Noto Sans SC .ttf from the font's own site is.
// Droid Sans Fallback is not either: it has no Latin letters or digits.
var PDFFonts = []string{
	"/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf",
	"/usr/share/fonts/truetype/noto-sans-sc/NotoSansSC-Regular.ttf",
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",               // fonts-wqy-microhei
	"/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", // fonts-lxgw-wenkai
}

// DefaultPDFFont is the first of PDFFonts that is installed, or the last
// of them when none is, so that the notice names a file to install.
func DefaultPDFFont() string {
	for _, p := range PDFFonts {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return PDFFonts[len(PDFFonts)-1]
}

// readTrueType reads a font file the PDF library can embed: a single
// TrueType font, or the first face of a TrueType collection (.ttc), which
// is taken out of the collection into a font file of its own.
func readTrueType(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("no font file at %s", path)
	}
	if err != nil {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(b, []byte{0, 1, 0, 0}), bytes.HasPrefix(b, []byte("true")):
		return b, nil
	case bytes.HasPrefix(b, []byte("OTTO")):
		return nil, fmt.Errorf("%s has PostScript (CFF) outlines, which cannot be embedded; use a TrueType font", path)
	case bytes.HasPrefix(b, []byte("ttcf")):
		f, err := firstFace(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return f, nil
	}
	return nil, fmt.Errorf("%s is not a TrueType (.ttf) font", path)
}

// firstFace copies the first font of a TrueType collection into a font
// file of its own: the offset table, the table records with their offsets
// moved, and each table's bytes, every table starting on four bytes.
func firstFace(b []byte) ([]byte, error) {
	bad := errors.New("the font collection is damaged")
	if len(b) < 16 || binary.BigEndian.Uint32(b[8:]) == 0 {
		return nil, bad
	}
	off := int(binary.BigEndian.Uint32(b[12:]))
	if off < 0 || off+12 > len(b) {
		return nil, bad
	}
	switch string(b[off : off+4]) {
	case "\x00\x01\x00\x00", "true":
	case "OTTO":
		return nil, errors.New("the collection's fonts have PostScript (CFF) outlines, which cannot be embedded; use a TrueType font")
	default:
		return nil, bad
	}
	n := int(binary.BigEndian.Uint16(b[off+4:]))
	dir := 12 + 16*n
	if n == 0 || off+dir > len(b) {
		return nil, bad
	}
	out := make([]byte, dir, dir+len(b)/2)
	copy(out, b[off:off+dir])
	for i := 0; i < n; i++ {
		rec := out[12+16*i:]
		start, size := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		if start < 0 || size < 0 || start+size > len(b) {
			return nil, bad
		}
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		out = append(out, b[start:start+size]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out, nil
}
