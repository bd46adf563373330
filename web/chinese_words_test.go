package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"igmc/docs"
)

// englishAllowed are Latin words a Chinese page may show: codes, file
// formats, units and proper names that Chinese readers use as they are.
var englishAllowed = map[string]bool{
	"english": true, // the language switch names English in English
	"igmc":    true, "csv": true, "xlsx": true, "pdf": true, "json": true, "api": true, "url": true,
	"sha": true, "gdp": true, "etdz": true, "sdmx": true, "dhis": true, "utf": true, "bom": true,
	"explain": true, // the column of the measurements file, a code
	"excel":   true, "sqlite": true, "postgresql": true, "http": true, "https": true, "www": true,
	"km²": true, "kwh": true, "mwh": true, "tce": true, "cod": true, "pm": true, "aqi": true,
}

// englishWords are the words of the English message catalogues and of the
// catalogue's English names, units, definitions and sources that do not
// also appear in their Chinese counterparts (a word the Chinese text uses
// itself, such as a code, is allowed).
func englishWords(t *testing.T, c *client) map[string]string {
	t.Helper()
	var en, zh []string
	for _, lang := range []string{"en", "zh"} {
		files, err := filepath.Glob("../locale/locales/*." + lang + ".json")
		if err != nil || len(files) == 0 {
			t.Fatalf("message files of %s: %v", lang, err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			for k, v := range m {
				s := messageText(v)
				if lang == "en" {
					en = append(en, k+"\x00"+s)
				} else {
					zh = append(zh, s)
				}
			}
		}
	}
	cat, err := c.store.Catalogue(context.Background(), "igmc")
	if err != nil {
		t.Fatal(err)
	}
	for _, ind := range cat.Indicators {
		en = append(en, "catalogue "+ind.Code+" name\x00"+ind.NameEn, "catalogue "+ind.Code+" unit\x00"+ind.Unit,
			"catalogue "+ind.Code+" definition\x00"+ind.Definition, "catalogue "+ind.Code+" source\x00"+ind.Source)
		zh = append(zh, ind.NameZh, ind.UnitZh, ind.DefinitionZh, ind.SourceZh, ind.Reference)
	}
	for _, p := range cat.Perspectives {
		en = append(en, "perspective "+p.Code+"\x00"+p.NameEn)
		zh = append(zh, p.NameZh)
	}
	// The descriptions of the API's operations (docs/api.md and
	// docs/api.zh.md), without their code spans and link targets, which
	// are the same in both.
	for lang, doc := range map[string][]byte{"en": docs.API, "zh": docs.APIZh} {
		rows, _ := apiTable(doc)
		for key, r := range rows {
			words := linkTo.ReplaceAllString(codeSpan.ReplaceAllString(r.what, " "), " ")
			if lang == "en" {
				en = append(en, "docs/api.md "+key+"\x00"+words)
			} else {
				zh = append(zh, words)
			}
		}
	}
	inZh := map[string]bool{}
	for _, s := range zh {
		for _, w := range latinWords(s) {
			inZh[w] = true
		}
	}
	out := map[string]string{}
	for _, e := range en {
		from, s, _ := strings.Cut(e, "\x00")
		for _, w := range latinWords(s) {
			if !inZh[w] && !englishAllowed[w] {
				if _, seen := out[w]; !seen {
					out[w] = from
				}
			}
		}
	}
	if len(out) < 200 {
		t.Fatalf("only %d English words found in the catalogues", len(out))
	}
	return out
}

// messageText is a message file's value: a string or go-i18n's
// {"other": …} form.
func messageText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case map[string]any:
		var parts []string
		for _, x := range v {
			parts = append(parts, messageText(x))
		}
		return strings.Join(parts, " ")
	}
	return ""
}

var (
	placeholder = regexp.MustCompile(`\{\{[^}]*\}\}`)
	latinWord   = regexp.MustCompile(`[A-Za-z][A-Za-z²]{2,}`)
	// Addresses, e-mails and codes are not words of a language.
	notWords = regexp.MustCompile(`[\w.+-]+@[\w.-]+|https?://\S+|/[\w/.?=&%-]+|\b[A-Z]{2,}[-_][\w-]+\b`)
)

// latinWords are the lower-cased Latin words of three letters or more in s.
func latinWords(s string) []string {
	s = notWords.ReplaceAllString(placeholder.ReplaceAllString(s, " "), " ")
	var out []string
	for _, w := range latinWord.FindAllString(s, -1) {
		out = append(out, strings.ToLower(w))
	}
	return out
}

// visibleText is what a reader of an HTML page sees or hears: its text
// outside scripts and styles, and the titles, labels, placeholders and
// alternative texts of its elements.
func visibleText(t *testing.T, page []byte) string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "code", "kbd":
				return
			}
			// Codes (perspective, category, indicator) are shown as they
			// are, in elements whose class says so.
			for _, c := range strings.Fields(attr(n, "class")) {
				if strings.HasSuffix(c, "code") {
					return
				}
			}
			for _, a := range n.Attr {
				switch a.Key {
				case "title", "aria-label", "placeholder", "alt":
					b.WriteString(" " + a.Val + " ")
				case "value":
					// A button's value is sent, not shown; a submit input's is shown.
					if n.Data == "input" && (attr(n, "type") == "submit" || attr(n, "type") == "button") {
						b.WriteString(" " + a.Val + " ")
					}
				}
			}
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(doc)
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// englishIn lists the English words of text, each with where it comes
// from in the catalogues.
func englishIn(text string, words map[string]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range latinWords(text) {
		if from, ok := words[w]; ok && !seen[w] {
			seen[w] = true
			out = append(out, w+" ("+from+")")
		}
	}
	sort.Strings(out)
	return out
}

// TestChineseReaderMeetsNoEnglish walks every page and every export a
// reader can ask for in Chinese, as an administrator on the demo data, and
// fails on any English word of the message catalogues or of the
// indicator catalogue's English texts; error details of a bad import are
// read too.
func TestChineseReaderMeetsNoEnglish(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		words := englishWords(t, c)
		// The check itself: an English message on a Chinese page is found.
		if got := englishIn("<p>审核 Approve 通过</p>", words); len(got) != 1 {
			t.Fatalf("an English word is not found: %v", got)
		}
		sess, _ := session(t, c, "admin@example.org")
		zh := []*http.Cookie{sess, {Name: "igmc_lang", Value: "zh"}}
		// The API reference is a page too, though its path is under /api/.
		for _, path := range append(pagePaths(t, c), "/api/docs") {
			resp, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: path, cookies: zh})
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				continue // a download: read below
			}
			text := visibleText(t, body)
			if found := englishIn(text, words); len(found) > 0 {
				t.Errorf("Chinese page %s shows English: %s", path, strings.Join(found[:min(len(found), 15)], ", "))
			}
			if m := asciiColonAfterChinese.FindString(text); m != "" {
				t.Errorf("Chinese page %s follows Chinese with an English colon: %q", path, m)
			}
		}
		for _, path := range chineseExports {
			resp, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: path, cookies: zh})
			if resp.StatusCode != 200 {
				t.Errorf("GET %s: %d %s", path, resp.StatusCode, body[:min(len(body), 200)])
				continue
			}
			text := exportText(t, path, body)
			if text == "" {
				continue
			}
			if found := englishIn(text, words); len(found) > 0 {
				t.Errorf("Chinese export %s shows English: %s", path, strings.Join(found[:min(len(found), 15)], ", "))
			}
		}
	})
}

// asciiColonAfterChinese is a Chinese word or closing mark followed by an
// English colon and a space ("等级: A"): Chinese text takes "：".
var asciiColonAfterChinese = regexp.MustCompile(`[\p{Han}）」]{1,8}: \S{0,8}`)

// chineseExports are the human-facing exports a Chinese reader downloads:
// the PDFs whole, and of the CSV files the columns written for people
// (*_text, in the reader's language). The other CSV columns, and the
// measurements and audit files, are the codes of the file formats (SPEC
// §5), the same in every language.
var chineseExports = []string{
	"/api/v1/zones/LY/scorecard.pdf?framework=igmc&year=2019&lang=zh",
	"/api/v1/zones/LY/progress.pdf?framework=igmc&year=2019&lang=zh",
	"/api/v1/compare.pdf?framework=igmc&year=2019&lang=zh",
	"/api/v1/zones/LY/scorecard.csv?framework=igmc&year=2019&lang=zh&bom=true",
	"/api/v1/zones/LY/progress.csv?framework=igmc&year=2019&lang=zh&bom=true",
	"/api/v1/compare.csv?framework=igmc&year=2019&lang=zh&bom=true",
}

// exportText is the readable text of a downloaded file: a PDF through
// pdftotext (skipped without it), a workbook's shared strings, a CSV as it
// is.
func exportText(t *testing.T, path string, body []byte) string {
	t.Helper()
	p, _, _ := strings.Cut(path, "?")
	switch filepath.Ext(p) {
	case ".pdf":
		exe, err := exec.LookPath("pdftotext")
		if err != nil {
			t.Logf("no pdftotext: %s not read (.ci/run installs poppler-utils)", path)
			return ""
		}
		f := filepath.Join(t.TempDir(), "r.pdf")
		if err := os.WriteFile(f, body, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(exe, "-enc", "UTF-8", f, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", path, err)
		}
		if !slices.ContainsFunc([]rune(string(out)), func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
			t.Errorf("%s has no Chinese text", path)
		}
		return string(out)
	case ".xlsx":
		zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var b strings.Builder
		for _, f := range zr.File {
			if strings.HasPrefix(f.Name, "xl/sharedStrings") || strings.HasPrefix(f.Name, "xl/worksheets/") {
				r, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				_, _ = buf.ReadFrom(r)
				r.Close()
				b.WriteString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(buf.String(), " "))
			}
		}
		return b.String()
	case ".csv":
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))).ReadAll()
		if err != nil || len(recs) < 2 {
			t.Fatalf("%s: %d records, %v", path, len(recs), err)
		}
		var b strings.Builder
		people := 0
		for i, h := range recs[0] {
			if !strings.HasSuffix(h, "_text") {
				continue
			}
			people++
			for _, r := range recs[1:] {
				if i < len(r) {
					b.WriteString(r[i] + "\n")
				}
			}
		}
		if people == 0 {
			t.Errorf("%s has no column for people", path)
		}
		return b.String()
	}
	return string(body)
}
