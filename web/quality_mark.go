package web

import (
	"html/template"

	"igmc/indicators"
)

// qualityMark is the small labelled badge pages put beside an estimated
// or modelled value (SPEC §8), in the page's language; nothing for a value
// of any other quality or for none. q is an indicators.Quality or a
// pointer to one (or its code as a string, for a legend).
func qualityMark(l *Lang, q any) template.HTML {
	var code indicators.Quality
	switch q := q.(type) {
	case indicators.Quality:
		code = q
	case string:
		code = indicators.Quality(q)
	case *indicators.Quality:
		if q == nil {
			return ""
		}
		code = *q
	default:
		return ""
	}
	if !code.Estimated() {
		return ""
	}
	return template.HTML(`<span class="q-mark" data-quality="` + string(code) + `" title="` +
		template.HTMLEscapeString(l.T("quality.mark_title")) + `">` + template.HTMLEscapeString(l.T("entry.quality."+string(code))) + `</span>`)
}

var _ = registerFuncs(template.FuncMap{"qualityMark": qualityMark})
