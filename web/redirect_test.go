package web

import "testing"

// openRedirects are the ways of writing a redirect target that a browser
// takes to another site (or to a script), as the form field's value after
// decoding. Every one must be refused.
var openRedirects = []string{
	"//evil.example", "///evil.example", "////evil.example", "/\\evil.example", "\\\\evil.example", "\\/evil.example",
	"/\t/evil.example/", "/\n/evil.example", "/\r\n/evil.example", "\t//evil.example", " //evil.example",
	"/%09/evil.example/", "/%0a/evil.example", "/%0D/evil.example", "/%2f/evil.example", "/%2F%2Fevil.example",
	"/%5cevil.example", "/%5Cevil.example", "/%5c%5cevil.example",
	"javascript:alert(1)", "JavaScript:alert(1)", "https://evil.example", "http:evil.example", "http:/evil.example",
	"data:text/html,hi", "evil.example", "", "%2f%2fevil.example", "/\x00/evil.example", "/\x7f/evil.example",
	"/\u0085/evil.example", "/\xff/evil.example", "/%zz",
}

// localRedirects are paths on this site, kept as they are.
var localRedirects = []string{
	"/", "/review?zone=LY", "/zones/LY/entry?year=2019", "/catalogue", "/scorecard/LY?year=2019&basis=approved",
	"/audit?entity=user#top", "/zones/%E6%B5%8F%E9%98%B3", "/review?next=%2F%2Fevil.example",
}

func TestSafeNext(t *testing.T) {
	for _, next := range openRedirects {
		if got := safeNext(next); got != "/" {
			t.Errorf("safeNext(%q) = %q, want /", next, got)
		}
	}
	for _, next := range localRedirects {
		if got := safeNext(next); got != next {
			t.Errorf("safeNext(%q) = %q, want it kept", next, got)
		}
	}
}

// OpenRedirects and LocalRedirects give the tables to the tests that post
// them through the real forms.
var OpenRedirects, LocalRedirects = openRedirects, localRedirects
