package indicators

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The limits on text fields, in characters (Unicode code points). They are
// the one statement of how long a field may be: the domain's Validate
// methods, the file readers, the pages' forms and the API's validator tags
// (as max<kind>, see TextLimits) all apply these.
const (
	// MaxCodeLen bounds the code of a framework, zone, perspective,
	// category or indicator (ValidCode says which characters).
	MaxCodeLen = 64
	// MaxNameLen bounds every English and Chinese name.
	MaxNameLen = 200
	// MaxUnitLen bounds an indicator's unit.
	MaxUnitLen = 100
	// MaxVersionLen bounds a framework's version.
	MaxVersionLen = 64
	// MaxPeriodLen bounds a period as given (2019, 2019-Q1, 2019-03).
	MaxPeriodLen = 16
	// MaxSourceLen bounds the source of a value and of an indicator.
	MaxSourceLen = 500
	// MaxCommentLen bounds a value's comment, a review comment and the
	// reason for closing or reopening a period.
	MaxCommentLen = 2000
	// MaxReferenceLen bounds an indicator's reference.
	MaxReferenceLen = 1000
	// MaxDefinitionLen bounds an indicator's definition.
	MaxDefinitionLen = 4000
)

// TextLimits names the limits for the edge: the API's validator tag
// max<kind> (maxcomment, maxname, …) stands for max=TextLimits[kind].
var TextLimits = map[string]int{
	"code": MaxCodeLen, "name": MaxNameLen, "unit": MaxUnitLen, "version": MaxVersionLen,
	"period": MaxPeriodLen, "source": MaxSourceLen, "comment": MaxCommentLen,
	"reference": MaxReferenceLen, "definition": MaxDefinitionLen,
}

// Why text cannot be stored: PostgreSQL refuses both in a text column, and
// SQLite would keep them, so every engine refuses them at the edge alike.
var (
	errNUL     = errors.New("it contains a NUL byte")
	errNotUTF8 = errors.New("it is not valid UTF-8")
)

// CheckText reports why s cannot be stored as text — a NUL byte or bytes
// that are not UTF-8 — or nil. Every value that comes from outside (JSON,
// forms, query and path parameters, file cells) passes through it.
func CheckText(s string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return errNUL
	}
	if !utf8.ValidString(s) {
		return errNotUTF8
	}
	return nil
}

// Text checks that s is storable text of at most max characters (no limit
// when max is 0), recording a problem under line and field. It reports
// whether s passed.
func (f *FieldErrors) Text(line int, field, s string, max int) bool {
	if err := CheckText(s); err != nil {
		f.Add(line, field, "invalid_text", "%s is not valid text: %v", field, err)
		return false
	}
	if max > 0 && len(s) > max { // bytes ≥ characters: count only when it may matter
		if n := utf8.RuneCountInString(s); n > max {
			f.AddWith(line, field, "too_long", map[string]string{"length": strconv.Itoa(n), "limit": strconv.Itoa(max)},
				"%s is %d characters long; at most %d are allowed", field, n, max)
			return false
		}
	}
	return true
}

// CheckNote checks a free-text note — a review comment, the reason for
// closing a period — as storable text within MaxCommentLen.
func CheckNote(field, s string) error {
	var errs FieldErrors
	errs.Text(0, field, s, MaxCommentLen)
	return errs.Err("the " + field + " is not valid")
}

// CheckCells checks that every cell of rec is storable text, naming each bad
// one by its line and column (the header's name, or its position past the
// header). It reports whether all passed; a row that fails is not read
// further.
func (h *Header) CheckCells(line int, rec []string, errs *FieldErrors) bool {
	ok := true
	for i, cell := range rec {
		if CheckText(cell) == nil {
			continue
		}
		name := "column " + strconv.Itoa(i+1)
		if i < len(h.Names) {
			name = h.Names[i]
		}
		ok = errs.Text(line, name, cell, 0) && ok
	}
	return ok
}
