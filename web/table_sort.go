package web

import (
	"html/template"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"igmc/indicators"
)

// maxSearchLen bounds the search box of the catalogue and comparison
// pages, in characters.
const maxSearchLen = 100

// tableSort is a sortable table's order as its page's query gives it:
// sort= names a column, dir= is asc or desc; the search box is q=.
type tableSort struct {
	Q    string
	Key  string
	Desc bool
}

// tableSortOf reads q, sort and dir, sort being one of keys ("" for the
// page's own order). A value outside these is a 422 naming its field.
func tableSortOf(query url.Values, keys []string) (tableSort, error) {
	s := tableSort{Q: strings.TrimSpace(query.Get("q")), Key: query.Get("sort")}
	var errs indicators.FieldErrors
	if utf8.RuneCountInString(s.Q) > maxSearchLen {
		errs.Add(0, "q", "too_long", "the search is longer than %d characters", maxSearchLen)
	}
	if s.Key != "" && !contains(keys, s.Key) {
		errs.Add(0, "sort", "invalid", "sort %q is not one of %s", s.Key, strings.Join(keys, ", "))
	}
	switch query.Get("dir") {
	case "", "asc":
	case "desc":
		s.Desc = true
	default:
		errs.Add(0, "dir", "invalid", "dir %q is neither asc nor desc", query.Get("dir"))
	}
	return s, errs.Err("the query is not valid")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// matches reports whether any of texts contains the search, ignoring case.
func (s tableSort) matches(texts ...string) bool {
	if s.Q == "" {
		return true
	}
	q := strings.ToLower(s.Q)
	for _, t := range texts {
		if strings.Contains(strings.ToLower(t), q) {
			return true
		}
	}
	return false
}

// sortHead is a sortable column's header: the link that sorts by it (the
// other way round when it is already the order) and its aria-sort.
type sortHead struct {
	Href template.URL
	Aria string // ascending, descending or none
}

// heads are the headers of keys for a page at path whose query is base
// (without sort and dir).
func (s tableSort) heads(path string, base url.Values, keys []string) map[string]sortHead {
	out := make(map[string]sortHead, len(keys))
	for _, k := range keys {
		v := url.Values{}
		for name, vals := range base {
			v[name] = vals
		}
		if s.Q != "" {
			v.Set("q", s.Q)
		}
		v.Set("sort", k)
		h := sortHead{Aria: "none"}
		switch {
		case s.Key == k && !s.Desc:
			h.Aria = "ascending"
			v.Set("dir", "desc")
		case s.Key == k:
			h.Aria = "descending"
		}
		h.Href = template.URL(path + "?" + v.Encode())
		out[k] = h
	}
	return out
}

// collatorFor orders names as readers of l expect (pinyin for Chinese).
func collatorFor(l *Lang) *collate.Collator {
	if l.Code == "zh" {
		return collate.New(language.SimplifiedChinese)
	}
	return collate.New(language.English, collate.IgnoreCase)
}
