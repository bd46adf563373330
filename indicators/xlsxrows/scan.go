package xlsxrows

import (
	"bytes"

	"igmc/indicators"
)

// The spreadsheet library decodes a cell, a row and a shared string whole,
// so their sizes in the XML bound its memory. A cell's text is at most
// MaxCellBytes; its XML may be several times that (entities, rich-text
// runs, attributes), hence the factor.
const (
	xmlFactor  = 8
	maxCellXML = indicators.MaxCellBytes * xmlFactor
	maxRowXML  = indicators.MaxRowBytes * xmlFactor
	maxTag     = 64 << 10
	maxDepth   = 64
)

// element kinds the scanner bounds.
const (
	other = iota
	row
	cell
	sharedString
)

type open struct {
	kind  int
	start int64
}

// xmlScan is an io.Writer that reads an entry's XML as it is unzipped and
// refuses, before the library sees it, a tag, a run of text, a cell, a row
// or a shared string larger than the library should hold at once. It does
// not parse XML: a malformed entry is left for the library to refuse.
type xmlScan struct {
	sheet  bool
	off    int64 // bytes seen
	inTag  bool
	tagLen int
	name   []byte // start of the current tag
	prev   byte   // the byte before the tag's '>'
	last   byte   // the last byte of the tag read so far
	text   int    // length of the current run of text
	stack  []open
	rows   int
	err    error
}

func (s *xmlScan) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	for i := 0; i < len(p) && s.err == nil; {
		if !s.inTag {
			j := bytes.IndexByte(p[i:], '<')
			if j < 0 {
				s.text += len(p) - i
				s.off += int64(len(p) - i)
				break
			}
			s.text += j
			s.off += int64(j + 1)
			i += j + 1
			s.check()
			s.inTag, s.tagLen, s.name, s.text, s.last = true, 1, s.name[:0], 0, 0
			continue
		}
		seg := p[i:]
		j := bytes.IndexByte(seg, '>')
		if j >= 0 {
			seg = seg[:j+1]
		}
		if room := 32 - len(s.name); room > 0 {
			s.name = append(s.name, seg[:min(room, len(seg))]...)
		}
		s.tagLen += len(seg)
		s.off += int64(len(seg))
		i += len(seg)
		if j < 0 {
			s.last = seg[len(seg)-1]
			continue
		}
		s.prev = s.last
		if j > 0 {
			s.prev = seg[j-1]
		}
		s.inTag = false
		s.tag()
	}
	s.check()
	return len(p), s.err
}

// tag handles a tag that just ended; s.name holds its first bytes
// (without the '<'), s.prev the byte before its '>'.
func (s *xmlScan) tag() {
	n := s.name
	if len(n) == 0 || n[0] == '?' || n[0] == '!' {
		return
	}
	if n[0] == '/' {
		if len(s.stack) > 0 {
			top := s.stack[len(s.stack)-1]
			s.stack = s.stack[:len(s.stack)-1]
			s.checkOne(top)
		}
		return
	}
	selfClosing := s.prev == '/'
	kind := s.kindOf(n)
	if kind == row {
		s.rows++
	}
	if selfClosing {
		return
	}
	s.stack = append(s.stack, open{kind: kind, start: s.off - int64(s.tagLen)})
	if len(s.stack) > maxDepth {
		s.err = s.refuse("elements nested more than %d deep", maxDepth)
	}
}

// kindOf tells the bounded elements by their local name.
func (s *xmlScan) kindOf(n []byte) int {
	end := 0
	for end < len(n) && n[end] != ' ' && n[end] != '\t' && n[end] != '\r' && n[end] != '\n' && n[end] != '/' && n[end] != '>' {
		end++
	}
	name := n[:end]
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	switch {
	case s.sheet && string(name) == "row":
		return row
	case s.sheet && string(name) == "c":
		return cell
	case !s.sheet && string(name) == "si":
		return sharedString
	}
	return other
}

func (s *xmlScan) check() {
	if s.err != nil {
		return
	}
	switch {
	case s.inTag && s.tagLen > maxTag:
		s.err = s.refuse("a tag longer than %d KiB", maxTag>>10)
	case s.text > maxCellXML:
		s.err = s.refuse("a text longer than %d KiB", maxCellXML>>10)
	}
	for _, o := range s.stack {
		s.checkOne(o)
	}
}

func (s *xmlScan) checkOne(o open) {
	if s.err != nil {
		return
	}
	size := s.off - o.start
	switch {
	case o.kind == row && size > maxRowXML:
		s.err = s.refuse("a row longer than %d MiB", maxRowXML>>20)
	case (o.kind == cell || o.kind == sharedString) && size > maxCellXML:
		s.err = s.refuse("a cell longer than %d KiB", maxCellXML>>10)
	}
}

func (s *xmlScan) refuse(format string, arg int) *indicators.Error {
	what := indicators.Errorf(indicators.Invalid, format, arg).Message
	if s.sheet {
		return indicators.Limited(s.rows, "row %d of a worksheet has %s", s.rows, what)
	}
	return indicators.Limited(0, "the workbook's shared strings have %s", what)
}
