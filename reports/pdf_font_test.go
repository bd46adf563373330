package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFontFiles: a TrueType collection gives its first face, which the
// PDF library embeds; collections and fonts with PostScript outlines,
// damaged collections and other files are refused with the reason.
func TestFontFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"cff.otf", []byte("OTTO\x00\x0a"), "PostScript"},
		{"short.ttc", []byte("ttcf\x00\x01"), "damaged"},
		{"far.ttc", []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x7f\xff\xff\xff"), "damaged"},
		{"cff.ttc", append([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10"), []byte("OTTO\x00\x01\x00\x00\x00\x00\x00\x00")...), "PostScript"},
		{"notes.ttf", []byte("not a font"), "not a TrueType"},
	} {
		if _, err := readTrueType(write(c.name, c.b)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := readTrueType(filepath.Join(dir, "none.ttf")); err == nil || !strings.Contains(err.Error(), "no font file") {
		t.Errorf("a missing file: %v", err)
	}

	const ttc = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
	if _, err := os.Stat(ttc); err != nil {
		t.Skipf("no collection to take a face from (apt-get install fonts-wqy-microhei)")
	}
	face, err := readTrueType(ttc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(face, []byte{0, 1, 0, 0}) || len(face)%4 != 0 {
		t.Fatalf("the face is not a TrueType font file: %q…", face[:8])
	}
	f, _, notice := chineseFont(ttc)
	if f == nil {
		t.Fatalf("the face does not load: %s", notice)
	}
	f.AddPage()
	if w := f.GetStringWidth("浏阳 2019 µg/m³"); w <= 0 || f.Error() != nil {
		t.Fatalf("width %v, %v", w, f.Error())
	}
}

// BenchmarkScorecardPDF draws the demo's scorecard PDF in each language
// (the Chinese one reading the first installed font each time, as a
// request does): go test ./reports -run '^$' -bench ScorecardPDF -benchtime 20x
func BenchmarkScorecardPDF(b *testing.B) {
	card, cat := demoCard(b)
	for _, c := range []struct{ name, lang, font string }{{"en", "en", ""}, {"zh", "zh", ""},
		{"zh-wenkai", "zh", PDFFonts[len(PDFFonts)-1]}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				var buf bytes.Buffer
				if _, err := WriteScorecardPDF(&buf, ScorecardPDF{Card: card, Catalogue: cat}, PDFOptions{Lang: c.lang, Font: c.font}); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(buf.Len()), "bytes/pdf")
			}
		})
	}
}
