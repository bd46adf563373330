package locale

import (
	"strconv"
	"strings"

	"igmc/indicators"
)

// The messages of field errors (field.<code> in the catalogues) are
// templates over the error's Args: an arg named first_line is {{.FirstLine}}
// in a message. Every name of FieldArgNames is always present, empty when
// the error does not carry it, so a message can test {{if .Range}} and
// never prints "<no value>"; an arg outside the list still reaches the
// message when the error carries it. Field and Line are the error's own.
var FieldArgNames = []string{"value", "range", "limit", "length", "column", "columns", "header_columns", "at_line",
	"first_line", "zone", "indicator", "frequency", "expected", "kind", "year", "low", "high", "above", "near_zero",
	"other", "together", "rule", "skipped", "decimal", "grouped", "unit", "unit_zh", "warnings", "message", "message_en", "message_zh",
	"measurement", "period", "name"}

// translatedArgs are the args whose values are words of a closed set
// (frequencies, plan kinds), said in the reader's language through
// field.word.<word>; a list of them ("annual, quarterly") is said item by
// item.
var translatedArgs = map[string]bool{"frequency": true, "expected": true, "kind": true}

// fieldData is the template data of fe's message in l.
func fieldData(l *Lang, fe indicators.FieldError) map[string]any {
	data := make(map[string]any, len(FieldArgNames)+len(fe.Args)+2)
	for _, k := range FieldArgNames {
		data[ArgName(k)] = ""
	}
	for k, v := range fe.Args {
		if translatedArgs[k] {
			v = l.words(v)
		}
		data[ArgName(k)] = v
	}
	data["Field"], data["Line"] = fe.Field, strconv.Itoa(fe.Line)
	return data
}

// words says a word, or a comma-separated list of words, of a closed set
// in l; an unknown word (a code, a year) stays as it is.
func (l *Lang) words(v string) string {
	items := strings.Split(v, ", ")
	for i, w := range items {
		if t := l.T("field.word." + w); !strings.HasPrefix(t, MissingMark) {
			items[i] = t
		}
	}
	sep := ", "
	if l.Code == "zh" {
		sep = "、"
	}
	return strings.Join(items, sep)
}

// ArgName is the name under which a message sees the arg k: first_line
// is FirstLine.
func ArgName(k string) string {
	var b strings.Builder
	up := true
	for _, r := range k {
		switch {
		case r == '_':
			up = true
		case up:
			b.WriteString(strings.ToUpper(string(r)))
			up = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
