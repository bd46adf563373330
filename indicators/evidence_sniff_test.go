package indicators_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"igmc/indicators"
)

// zipWith is a zip archive of the named parts.
func zipWith(t *testing.T, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		f, err := w.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		_, _ = f.Write([]byte(parts[i+1]))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// ole2 is the start of a compound file whose directory names stream.
func ole2(stream string) []byte {
	b := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 70000)...)
	var name []byte
	for _, c := range []byte(stream) {
		name = append(name, c, 0)
	}
	// Past the first read, across the edge of two reads.
	copy(b[64<<10-5:], name)
	return b
}

const contentTypes = `<?xml version="1.0"?><Types><Override PartName="/x" ContentType="application/vnd.openxmlformats-officedocument.%s"/></Types>`

func TestSniffEvidence(t *testing.T) {
	long := strings.Repeat("a区,值\n", 30000) // 9 bytes: a rune crosses the first read's edge
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"pdf", []byte("%PDF-1.4\n%âãÏÓ\n1 0 obj"), indicators.TypePDF},
		{"png", append([]byte("\x89PNG\r\n\x1a\n"), 0, 0, 0, 13), indicators.TypePNG},
		{"jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), indicators.TypeJPEG},
		{"gif", []byte("GIF89a\x01\x00\x01\x00"), indicators.TypeGIF},
		{"webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), indicators.TypeWebP},
		{"xlsx", zipWith(t, "[Content_Types].xml", strings.Replace(contentTypes, "%s", "spreadsheetml.sheet.main+xml", 1), "xl/workbook.xml", "<x/>"), indicators.TypeXLSX},
		{"docx", zipWith(t, "[Content_Types].xml", strings.Replace(contentTypes, "%s", "wordprocessingml.document.main+xml", 1)), indicators.TypeDOCX},
		{"xls", ole2("Workbook"), indicators.TypeXLS},
		{"doc", ole2("WordDocument"), indicators.TypeDOC},
		{"csv", []byte("zone,value\nLY,80\n"), indicators.TypeText},
		{"csv_with_bom_and_chinese", []byte("\xef\xbb\xbf区,值\r\n浏阳,80\r\n"), indicators.TypeText},
		{"long_chinese_text", []byte(long), indicators.TypeText},
		{"plain_zip", zipWith(t, "a.txt", "hello"), ""},
		{"pptx", zipWith(t, "[Content_Types].xml", strings.Replace(contentTypes, "%s", "presentationml.presentation.main+xml", 1)), ""},
		{"other_ole2", ole2("PowerPoint Document"), ""},
		{"html", []byte("<!DOCTYPE html><html><script>alert(1)</script>"), ""},
		{"svg", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>`), ""},
		{"exe", append([]byte("MZ\x90\x00\x03"), make([]byte, 100)...), ""},
		{"latin1", []byte("caf\xe9,1\n"), ""},
		{"text_then_nul", append([]byte(strings.Repeat("a,b\n", 200)), 0, 'x'), ""},
		{"cut_rune_at_end", []byte("区,值\n\xe5\x8c"), ""},
		{"empty", nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := indicators.SniffEvidence(bytes.NewReader(c.b), int64(len(c.b)))
			if c.want == "" {
				var e *indicators.Error
				if !errors.As(err, &e) || e.Code != indicators.Invalid || !strings.Contains(e.Message, "is not of a type taken as evidence") {
					t.Fatalf("got %q, %v; want a refusal", got, err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("got %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

func TestSpoolEvidence(t *testing.T) {
	dir := t.TempDir()
	t.Run("ok", func(t *testing.T) {
		sp, err := indicators.SpoolEvidence(strings.NewReader("a,b\n1,2\n"), `C:\Users\me\表.csv`, 100, dir)
		if err != nil {
			t.Fatal(err)
		}
		defer sp.Remove()
		// sha256 of "a,b\n1,2\n", computed with sha256sum.
		if sp.Name != "表.csv" || sp.Size != 8 || sp.ContentType != indicators.TypeText ||
			sp.SHA256 != "492d5ea496056f1a6a6592241032fab764c321596317930b4fa0e1e8bc3b7470" {
			t.Fatalf("spooled %+v", sp.EvidenceFile)
		}
	})
	for name, c := range map[string]struct {
		body, file string
		code       indicators.ErrorCode
	}{
		"over_limit": {strings.Repeat("a", 101), "big.csv", indicators.TooLarge},
		"bad_type":   {"<html></html>", "page.csv", indicators.Invalid},
		"no_name":    {"a", "", indicators.Invalid},
		"long_name":  {"a", strings.Repeat("n", 300), indicators.Invalid},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := indicators.SpoolEvidence(strings.NewReader(c.body), c.file, 100, dir)
			var e *indicators.Error
			if !errors.As(err, &e) || e.Code != c.code {
				t.Fatalf("got %v, want %s", err, c.code)
			}
		})
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}
