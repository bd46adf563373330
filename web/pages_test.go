package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"igmc/locale"
	"igmc/web"
)

// pagePaths are the pages to walk: every GET page of the route table, at
// the path its authorization sample uses (the samples cover every route,
// so a new page is walked without being listed here).
func pagePaths(t *testing.T, c *client) []string {
	e := &matrixEnv{c: c}
	samples := e.samples()
	var out []string
	for _, r := range web.New(c.store, nil).Routes() {
		if r.Method != http.MethodGet || strings.HasPrefix(r.Path, "/api/") || strings.HasPrefix(r.Path, "/static/") ||
			r.Path == "/healthz" || r.Path == "/readyz" || r.Path == "/metrics" || r.Path == "/favicon.ico" {
			continue
		}
		if r.Path == "/public/:fw/*file" || r.Path == "/public" {
			// The public site reads no session, so that every visitor gets
			// the same cacheable files: its language is in the path, and the
			// list at /public follows the visitor's cookie or browser, never
			// an account. TestPublicSiteCrawl walks it in both languages.
			continue
		}
		s := samples[r.Method+" "+r.Path]
		if s.path == "" {
			t.Fatalf("page %s has no sample path", r.Path)
		}
		out = append(out, s.path)
	}
	slices.Sort(out)
	return out
}

// TestEveryPageInBothLanguages walks every page, signed in as an
// administrator on the demo data, in English and in Chinese: each must
// answer with a whole HTML page in that language, with no untranslated
// key, and pass the accessibility checks.
func TestEveryPageInBothLanguages(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		paths := pagePaths(t, c)
		if len(paths) < 10 {
			t.Fatalf("only %d pages found: %v", len(paths), paths)
		}
		// Signed in with a session, as in a browser, so that forms carry
		// their CSRF token.
		sess, _ := session(t, c, "admin@example.org")
		for _, lang := range locale.Languages {
			for _, path := range paths {
				resp, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: path,
					cookies: []*http.Cookie{sess, {Name: "igmc_lang", Value: lang}}})
				if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
					if path == "/import/template?zone=LY&year=2019" {
						continue // a download, not a page
					}
					t.Errorf("%s (%s): %d %s, not a page", path, lang, resp.StatusCode, ct)
					continue
				}
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s (%s): status %d", path, lang, resp.StatusCode)
				}
				page := string(body)
				if i := strings.Index(page, locale.MissingMark); i >= 0 {
					end := min(len(page), i+80)
					t.Errorf("%s (%s): untranslated key %s", path, lang, page[i:end])
				}
				if lang == "zh" && !strings.Contains(page, `<html lang="zh-Hans">`) || lang == "en" && !strings.Contains(page, `<html lang="en">`) {
					t.Errorf("%s (%s): the page does not say it is in %s", path, lang, lang)
				}
				for _, p := range accessibilityProblems(page) {
					t.Errorf("%s (%s): %s", path, lang, p)
				}
				for _, p := range formsWithoutCSRF(page) {
					t.Errorf("%s (%s): %s", path, lang, p)
				}
			}
		}
	})
}

// accessibilityProblems checks a page for what a screen reader or a
// keyboard user needs: labelled fields, named images and charts, ratings
// in words, headed tables, no positive tabindex and no script in markup.
func accessibilityProblems(page string) []string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return []string{"the page is not HTML: " + err.Error()}
	}
	var (
		problems []string
		labelFor = map[string]bool{}
		fields   []*html.Node
		hasH1    bool
	)
	attr := func(n *html.Node, name string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == name {
				return a.Val, true
			}
		}
		return "", false
	}
	insideLabel := func(n *html.Node) bool {
		for p := n.Parent; p != nil; p = p.Parent {
			if p.Type == html.ElementNode && p.Data == "label" {
				return true
			}
		}
		return false
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					problems = append(problems, "<"+n.Data+"> has an inline "+a.Key+" handler")
				}
				if a.Key == "style" {
					problems = append(problems, "<"+n.Data+"> has an inline style (the CSP blocks it)")
				}
				if a.Key == "tabindex" && a.Val != "0" && a.Val != "-1" {
					problems = append(problems, "<"+n.Data+"> has tabindex "+a.Val+": it breaks the keyboard order")
				}
			}
			switch n.Data {
			case "h1":
				hasH1 = true
			case "label":
				if v, ok := attr(n, "for"); ok {
					labelFor[v] = true
				}
			case "input":
				typ, _ := attr(n, "type")
				switch typ {
				case "hidden", "submit", "button", "reset", "image":
				default:
					fields = append(fields, n)
				}
			case "select", "textarea":
				fields = append(fields, n)
			case "img":
				if _, ok := attr(n, "alt"); !ok {
					problems = append(problems, "an image has no alt text")
				}
			case "svg":
				_, hidden := attr(n, "aria-hidden")
				role, _ := attr(n, "role")
				label, _ := attr(n, "aria-label")
				if !hidden && (role != "img" || strings.TrimSpace(label) == "" && !hasChild(n, "title")) {
					problems = append(problems, `a chart (svg) has no role="img" with an aria-label or title`)
				}
			case "table":
				if !hasDescendant(n, "th") {
					problems = append(problems, "a table has no header cells")
				}
			case "script":
				if src, _ := attr(n, "src"); src == "" {
					problems = append(problems, "an inline script (the CSP blocks it)")
				}
			case "a":
				if _, ok := attr(n, "href"); !ok {
					problems = append(problems, "a link without href cannot be reached by keyboard")
				}
			}
			if class, _ := attr(n, "class"); strings.Contains(" "+class, " rating-") && strings.TrimSpace(textOf(n)) == "" {
				if label, _ := attr(n, "aria-label"); label == "" {
					problems = append(problems, "a rating is shown by colour alone (class "+class+")")
				}
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(doc)
	for _, f := range fields {
		id, _ := attr(f, "id")
		_, aria := attr(f, "aria-label")
		_, ariaBy := attr(f, "aria-labelledby")
		if !(id != "" && labelFor[id]) && !aria && !ariaBy && !insideLabel(f) {
			name, _ := attr(f, "name")
			problems = append(problems, "the field "+f.Data+" name="+name+" id="+id+" has no label")
		}
	}
	if !hasH1 {
		problems = append(problems, "the page has no h1 heading")
	}
	return problems
}

func hasChild(n *html.Node, tag string) bool {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && ch.Data == tag {
			return true
		}
	}
	return false
}

func hasDescendant(n *html.Node, tag string) bool {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && ch.Data == tag || hasDescendant(ch, tag) {
			return true
		}
	}
	return false
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	return b.String()
}

// TestAccessibilityChecksCatchProblems makes sure the checks above can
// fail: each broken snippet must be reported.
func TestAccessibilityChecksCatchProblems(t *testing.T) {
	for name, page := range map[string]string{
		"unlabelled field":  `<h1>x</h1><form><input name="a" id="a"></form>`,
		"unnamed chart":     `<h1>x</h1><svg><rect/></svg>`,
		"colour alone":      `<h1>x</h1><span class="rating rating-red"></span>`,
		"image without alt": `<h1>x</h1><img src="/x.png">`,
		"inline handler":    `<h1>x</h1><button onclick="x()">x</button>`,
		"no heading":        `<p>x</p>`,
		"headless table":    `<h1>x</h1><table><tr><td>1</td></tr></table>`,
		"positive tabindex": `<h1>x</h1><a href="/" tabindex="3">x</a>`,
	} {
		if len(accessibilityProblems(page)) == 0 {
			t.Errorf("%s: not caught", name)
		}
	}
	ok := `<h1>x</h1><form><label for="a">A</label><input name="a" id="a"><input type="hidden" name="t"></form>
<svg role="img" aria-label="chart"></svg><span class="rating rating-red">poor</span><img src="/x.png" alt="x">`
	if p := accessibilityProblems(ok); len(p) != 0 {
		t.Errorf("a correct page is reported: %v", p)
	}
	bound := `<input type="hidden" name="csrf_token" value="0123456789abcdefghijklmn" form="f1"><form id="f1" method="post" action="/x"></form>`
	if p := formsWithoutCSRF(bound); len(p) != 0 {
		t.Errorf("a token bound by the form attribute is not seen: %v", p)
	}
	if len(formsWithoutCSRF(bound+`<form id="f2" method="post" action="/y"></form>`)) != 1 {
		t.Error("a form whose token is bound to another form is not caught")
	}
}

// formsWithoutCSRF lists the POST forms of a page that do not carry the
// CSRF token, in a field (inside the form, or elsewhere and bound to it by
// its form attribute, as HTML associates it) or (for uploads) in their
// action.
func formsWithoutCSRF(page string) []string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return []string{err.Error()}
	}
	bound := map[string]bool{}
	var bind func(n *html.Node)
	bind = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "input" && attr(n, "name") == "csrf_token" && attr(n, "value") != "" && attr(n, "form") != "" {
			bound[attr(n, "form")] = true
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			bind(ch)
		}
	}
	bind(doc)
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "form" {
			method, action := "", ""
			for _, a := range n.Attr {
				switch a.Key {
				case "method":
					method = strings.ToLower(a.Val)
				case "action":
					action = a.Val
				}
			}
			if method == "post" && !strings.Contains(action, "csrf_token=") && !hasTokenField(n) && !bound[attr(n, "id")] {
				out = append(out, "the form posting to "+action+" has no CSRF token")
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(doc)
	return out
}

func hasTokenField(n *html.Node) bool {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && ch.Data == "input" {
			name, value := "", ""
			for _, a := range ch.Attr {
				switch a.Key {
				case "name":
					name = a.Val
				case "value":
					value = a.Val
				}
			}
			if name == "csrf_token" && len(value) >= 20 {
				return true
			}
		}
		if hasTokenField(ch) {
			return true
		}
	}
	return false
}

// TestFormCheckCatchesMissingToken makes sure formsWithoutCSRF can fail.
func TestFormCheckCatchesMissingToken(t *testing.T) {
	if len(formsWithoutCSRF(`<form method="post" action="/x"><input name="a"></form>`)) != 1 {
		t.Error("a form without a token is not caught")
	}
	if len(formsWithoutCSRF(`<form method="post" action="/x"><input type="hidden" name="csrf_token" value=""></form>`)) != 1 {
		t.Error("a form with an empty token is not caught")
	}
	if p := formsWithoutCSRF(`<form method="post" action="/x"><div><input type="hidden" name="csrf_token" value="0123456789abcdefghijklmn"></div></form><form method="get"></form>`); len(p) != 0 {
		t.Errorf("a correct page is reported: %v", p)
	}
}
