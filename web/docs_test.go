package web_test

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"igmc/docs"
	"igmc/locale"
	"igmc/web"
)

// TestAPIDocsMatchRoutes keeps docs/api.md true: its route table must list
// exactly the server's routes with the same permissions.
func TestAPIDocsMatchRoutes(t *testing.T) {
	doc, err := os.ReadFile("../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| (GET|HEAD|POST|PUT|DELETE|PATCH) \\| `([^`]+)` \\| (\\w+) \\|")
	documented := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(string(doc), -1) {
		documented[m[1]+" "+m[2]] = m[3]
	}
	param := regexp.MustCompile(`:(\w+)`)
	s := web.New(nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, r := range s.Routes() {
		key := r.Method + " " + param.ReplaceAllString(r.Path, "{$1}")
		perm, ok := documented[key]
		switch {
		case !ok:
			t.Errorf("docs/api.md does not list %s", key)
		case perm != string(r.Perm):
			t.Errorf("docs/api.md gives %s permission %q, the server %q", key, perm, r.Perm)
		}
		delete(documented, key)
	}
	for key := range documented {
		t.Errorf("docs/api.md lists %s, which the server does not have", key)
	}
	if strings.Count(string(doc), "| GET |") == 0 {
		t.Fatal("no routes found in docs/api.md")
	}
}

// apiTableRow is a row of a route table of docs/api.md or docs/api.zh.md.
type apiTableRow struct{ perm, what string }

var apiTableLine = regexp.MustCompile("(?m)^\\| (GET|HEAD|POST|PUT|DELETE|PATCH) \\| `([^`]+)` \\| (\\w+) \\| (.*) \\|$")

// apiTable reads a route table by method and path; a route listed twice
// is a problem.
func apiTable(doc []byte) (map[string]apiTableRow, []string) {
	out := map[string]apiTableRow{}
	var problems []string
	for _, m := range apiTableLine.FindAllStringSubmatch(string(doc), -1) {
		key := m[1] + " " + m[2]
		if _, dup := out[key]; dup {
			problems = append(problems, key+" is listed twice")
		}
		out[key] = apiTableRow{perm: m[3], what: strings.TrimSpace(m[4])}
	}
	return out, problems
}

var (
	codeSpan = regexp.MustCompile("`[^`]*`")
	linkTo   = regexp.MustCompile(`\[[^\]]+\]\(([^)]+)\)`)
	han      = regexp.MustCompile(`\p{Han}`)
	latinRun = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+-]*`)
)

// latinInChinese are the Latin words a Chinese description may use outside
// its code spans: acronyms, file formats and names Chinese readers use as
// they are.
var latinInChinese = map[string]bool{
	"API": true, "CSV": true, "JSON": true, "PDF": true, "SDMX": true, "SDMX-CSV": true, "SDMX-ML": true,
	"DHIS2": true, "dataValueSets": true, "ID": true, "URL": true, "XLSX": true, "ZIP": true, "Excel": true,
	"OpenAPI": true, "SHA-256": true, "Ed25519": true, "PEM": true, "base64": true, "base64url": true,
	"MiB": true, "A4": true, "UTC+8": true, "YYYY-MM-DD": true, "HEAD": true, "Cookie": true,
	"Prometheus": true, "Go": true,
}

// sortedAll is every match of re in s (its first group when it has one),
// sorted: the code spans or link targets of a description, in any order.
func sortedAll(re *regexp.Regexp, s string) []string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		out = append(out, m[len(m)-1])
	}
	slices.Sort(out)
	return out
}

// apiTranslationProblems compares the Chinese route table with the
// English one: the same routes with the same permissions, each described
// in Chinese, with the same code spans and links, and no English outside
// them.
func apiTranslationProblems(en, zh []byte) []string {
	enRows, problems := apiTable(en)
	zhRows, dups := apiTable(zh)
	problems = append(problems, dups...)
	for _, key := range slices.Sorted(maps.Keys(enRows)) {
		e := enRows[key]
		z, ok := zhRows[key]
		if !ok {
			problems = append(problems, "docs/api.zh.md does not describe "+key)
			continue
		}
		if z.perm != e.perm {
			problems = append(problems, fmt.Sprintf("%s: permission %q in Chinese, %q in English", key, z.perm, e.perm))
		}
		if ec, zc := sortedAll(codeSpan, e.what), sortedAll(codeSpan, z.what); !slices.Equal(ec, zc) {
			problems = append(problems, fmt.Sprintf("%s: code spans differ:\n  en %q\n  zh %q", key, ec, zc))
		}
		if el, zl := sortedAll(linkTo, e.what), sortedAll(linkTo, z.what); !slices.Equal(el, zl) {
			problems = append(problems, fmt.Sprintf("%s: links differ: en %q, zh %q", key, el, zl))
		}
		words := linkTo.ReplaceAllString(codeSpan.ReplaceAllString(z.what, " "), " ")
		if !han.MatchString(words) {
			problems = append(problems, key+": the Chinese description has no Chinese: "+z.what)
		}
		for _, w := range latinRun.FindAllString(words, -1) {
			if !latinInChinese[w] {
				problems = append(problems, fmt.Sprintf("%s: the Chinese description says %q outside code", key, w))
			}
		}
	}
	for _, key := range slices.Sorted(maps.Keys(zhRows)) {
		if _, ok := enRows[key]; !ok {
			problems = append(problems, "docs/api.zh.md describes "+key+", which docs/api.md does not list")
		}
	}
	return problems
}

// TestAPIDocsChineseMatchesEnglish keeps docs/api.zh.md, the Chinese
// descriptions of the /api/docs page, in step with docs/api.md and so with
// the route table: every route has its row in both, and a translation
// keeps every path, field and parameter of the English as it is.
func TestAPIDocsChineseMatchesEnglish(t *testing.T) {
	en, err := os.ReadFile("../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	zh, err := os.ReadFile("../docs/api.zh.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range apiTranslationProblems(en, zh) {
		t.Error(p)
	}
	zhRows, _ := apiTable(zh)
	param := regexp.MustCompile(`:(\w+)`)
	routes := web.New(nil, slog.New(slog.NewTextHandler(io.Discard, nil))).Routes()
	for _, r := range routes {
		if key := r.Method + " " + param.ReplaceAllString(r.Path, "{$1}"); zhRows[key].what == "" {
			t.Errorf("route %s has no Chinese description", key)
		}
	}
	if len(zhRows) != len(routes) {
		t.Errorf("docs/api.zh.md has %d rows for %d routes", len(zhRows), len(routes))
	}

	// The check itself: a missing row, a stale row, a changed field name,
	// an English sentence and a changed permission are each found.
	first := apiTableLine.FindIndex(zh)
	line := zh[first[0]:first[1]]
	mutations := map[string][]byte{
		"missing": bytes.Replace(zh, line, nil, 1),
		"stale":   append(slices.Clip(zh), []byte("\n| GET | `/api/v1/gone` | read | 已删除的路由 |\n")...),
		"field":   bytes.Replace(zh, []byte("`indicator_code`"), []byte("`indicator`"), 1),
		"english": bytes.Replace(zh, []byte("| 单个区域 |"), []byte("| one zone |"), 1),
		"perm":    bytes.Replace(zh, []byte("| admin | 新建区域 |"), []byte("| read | 新建区域 |"), 1),
	}
	for name, doc := range mutations {
		if bytes.Equal(doc, zh) {
			t.Fatalf("mutation %s changed nothing", name)
		}
		if len(apiTranslationProblems(en, doc)) == 0 {
			t.Errorf("a %s row is not found", name)
		}
	}
}

// prose is the longest run of a description's words between its code
// spans and links, as the page writes it.
func prose(what string) string {
	var best string
	for _, part := range strings.Split(codeSpan.ReplaceAllString(linkTo.ReplaceAllString(what, "`"), "`"), "`") {
		if part = strings.TrimSpace(part); len(part) > len(best) {
			best = part
		}
	}
	// As html/template escapes it.
	return strings.ReplaceAll(html.EscapeString(best), "+", "&#43;")
}

// TestAPIDocsPageSpeaksItsLanguage: on /api/docs every operation is
// described in the page's language (docs/api.md in English, docs/api.zh.md
// in Chinese), never in the other, with the code spans kept as code.
func TestAPIDocsPageSpeaksItsLanguage(t *testing.T) {
	srv := bareServer(t)
	descriptions := map[string]map[string]string{}
	for lang, doc := range map[string][]byte{"en": docs.API, "zh": docs.APIZh} {
		rows, _ := apiTable(doc)
		descriptions[lang] = map[string]string{}
		for key, r := range rows {
			descriptions[lang][key] = r.what
		}
	}
	for _, lang := range locale.Languages {
		_, body := exchange(t, srv.URL, httpCall{method: "GET", path: "/api/docs", cookies: []*http.Cookie{{Name: "igmc_lang", Value: lang}}})
		page := string(body)
		n := 0
		for _, r := range web.New(nil, nil).Routes() {
			if !strings.HasPrefix(r.Path, "/api/") {
				continue
			}
			key := r.Method + " " + ginParam.ReplaceAllString(r.Path, "{$1}")
			i := strings.Index(page, `data-operation="`+key+`"`)
			if i < 0 {
				t.Errorf("%s: %s is not on the page", lang, key)
				continue
			}
			article, _, _ := strings.Cut(page[i:], "</article>")
			want, other := descriptions["en"][key], descriptions["zh"][key]
			if lang == "zh" {
				want, other = other, want
			}
			if w := prose(want); w == "" || !strings.Contains(article, w) {
				t.Errorf("%s: %s is not described as %q", lang, key, w)
			}
			if o := prose(other); o != "" && strings.Contains(article, o) {
				t.Errorf("%s: %s is described in the other language: %q", lang, key, o)
			}
			n++
		}
		if n < 80 {
			t.Errorf("%s: only %d operations checked", lang, n)
		}
		// A sample whole: the Chinese words with the code spans as code.
		if sample := "区域的评分卡：<code>?framework=</code>（默认 <code>igmc</code>）<code>&amp;year=</code>（必填）"; lang == "zh" && !strings.Contains(page, sample) {
			t.Errorf("zh: the scorecard's description is not on the page as %s", sample)
		}
		if lang == "zh" && !strings.Contains(page, `权限：<strong data-permission="read">`) {
			t.Errorf("zh: a label is not followed by a Chinese colon")
		}
		// (The language switch names English in English, as a button.)
		if lang == "zh" && strings.Contains(page, `<p lang="en">`) {
			t.Errorf("zh: an operation is described in English")
		}
	}
}
