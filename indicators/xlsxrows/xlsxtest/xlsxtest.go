// Package xlsxtest builds workbooks for tests, bombs included, in the
// test itself: a part that unzips to gigabytes costs a few megabytes and
// milliseconds, so no such file is kept in the repository.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
)

// Part is one entry of a built zip.
type Part struct {
	Name string
	// Data is the part's content; or, when Repeat is set, the content is
	// Data then Repeat over and over to Size bytes (rounded to whole
	// copies).
	Data   []byte
	Repeat []byte
	Size   int64
	// Declared, when not 0, is the unzipped size the zip claims instead of
	// the true one (a lying entry).
	Declared int64
	// Corrupt makes the part undecodable.
	Corrupt bool
}

// Skeleton is the smallest workbook with one worksheet whose XML is sheet;
// parts given to Workbook replace its parts of the same name or come after
// them.
func Skeleton(sheet string) []Part {
	return []Part{
		{Name: "[Content_Types].xml", Data: []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)},
		{Name: "_rels/.rels", Data: []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{Name: "xl/workbook.xml", Data: []byte(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
		{Name: "xl/_rels/workbook.xml.rels", Data: []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)},
		{Name: "xl/worksheets/sheet1.xml", Data: []byte(sheet)},
	}
}

// SheetHead and SheetTail wrap the rows of a worksheet's XML.
const (
	SheetHead = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	SheetTail = `</sheetData></worksheet>`
)

// Workbook is the skeleton with sheet, with parts replacing or added.
func Workbook(sheet string, parts ...Part) []byte {
	all := Skeleton(sheet)
	for _, p := range parts {
		replaced := false
		for i := range all {
			if all[i].Name == p.Name {
				all[i], replaced = p, true
			}
		}
		if !replaced {
			all = append(all, p)
		}
	}
	var buf bytes.Buffer
	if err := Zip(&buf, all...); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Zip writes the parts as a zip.
func Zip(w io.Writer, parts ...Part) error {
	zw := zip.NewWriter(w)
	for _, p := range parts {
		var err error
		switch {
		case p.Corrupt:
			err = raw(zw, p.Name, []byte("this is not deflate data \xff\xff\xff\xff"), 0x12345678, 4096)
		case p.Repeat != nil:
			err = repeated(zw, p)
		default:
			var fw io.Writer
			if fw, err = zw.CreateHeader(&zip.FileHeader{Name: p.Name, Method: zip.Store}); err == nil {
				_, err = fw.Write(p.Data)
			}
		}
		if err != nil {
			return err
		}
	}
	return zw.Close()
}

// repeated writes p.Repeat to p.Size bytes as one deflate stream made of
// one compressed chunk repeated: each copy refers only to bytes of its
// own, so the stream stays valid however often it repeats.
func repeated(zw *zip.Writer, p Part) error {
	chunk := bytes.Repeat(p.Repeat, max(1, (1<<20)/len(p.Repeat)))
	var c bytes.Buffer
	fw, _ := flate.NewWriter(&c, flate.BestCompression)
	_, _ = fw.Write(p.Data)
	_ = fw.Flush()
	head := append([]byte(nil), c.Bytes()...)
	c.Reset()
	// A fresh writer: the chunk must not refer back into Data.
	fw, _ = flate.NewWriter(&c, flate.BestCompression)
	_, _ = fw.Write(chunk)
	_ = fw.Flush()
	one := append([]byte(nil), c.Bytes()...)
	c.Reset()
	_ = fw.Close()
	tail := c.Bytes()
	n := max(1, p.Size/int64(len(chunk)))
	// A part over 512 MiB is refused for the size it declares before it
	// is read, so its checksum is not worth the second it takes.
	crc := crc32.Update(0, crc32.IEEETable, p.Data)
	for i := int64(0); i < n && p.Size <= 512<<20; i++ {
		crc = crc32.Update(crc, crc32.IEEETable, chunk)
	}
	size := int64(len(p.Data)) + n*int64(len(chunk))
	if p.Declared != 0 {
		size = p.Declared
	}
	body := io.MultiReader(bytes.NewReader(head), &repeatReader{b: one, n: n}, bytes.NewReader(tail))
	w, err := zw.CreateRaw(&zip.FileHeader{Name: p.Name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(head)) + uint64(n)*uint64(len(one)) + uint64(len(tail)), UncompressedSize64: uint64(size)})
	if err != nil {
		return err
	}
	_, err = io.Copy(w, body)
	return err
}

func raw(zw *zip.Writer, name string, data []byte, crc uint32, size uint64) error {
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc, CompressedSize64: uint64(len(data)), UncompressedSize64: size})
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

type repeatReader struct {
	b   []byte
	n   int64
	off int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := copy(p, r.b[r.off:])
	if r.off += k; r.off == len(r.b) {
		r.off, r.n = 0, r.n-1
	}
	return k, nil
}
