package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"igmc/indicators"
)

// checkJSONValues walks every token of a JSON body before it is decoded,
// and refuses, naming the field, a string that is not storable text (a NUL
// escape, or bytes that are not UTF-8, which encoding/json would silently
// turn into U+FFFD) and a number ParseNumber refuses (one that overflows,
// or underflows to zero). A body that is not valid JSON is left to the
// decoder to describe.
func checkJSONValues(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	// stack holds, per open object or array, the current key or index,
	// and for an object whether a key comes next.
	type level struct {
		key     string
		index   int
		object  bool
		keyNext bool
	}
	var stack []level
	field := func() string {
		name := ""
		for _, l := range stack {
			switch {
			case l.object && name == "":
				name = l.key
			case l.object:
				name += "." + l.key
			default:
				name += "[" + strconv.Itoa(l.index) + "]"
			}
		}
		return name
	}
	// value is called after a value (scalar or closed container) ends.
	value := func() {
		if n := len(stack); n > 0 {
			if stack[n-1].object {
				stack[n-1].keyNext = true
			} else {
				stack[n-1].index++
			}
		}
	}
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return nil // the decoder says what is wrong
		}
		top := len(stack) - 1
		isKey := top >= 0 && stack[top].object && stack[top].keyNext
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, level{object: true, keyNext: true})
			case '[':
				stack = append(stack, level{})
			default:
				stack = stack[:top]
				value()
			}
			continue
		case string:
			raw := body[start:dec.InputOffset()]
			if !utf8.Valid(raw) || indicators.CheckText(t) != nil {
				if isKey { // the key itself is bad: name it, quoted, where it sits
					stack[top].key = strconv.QuoteToASCII(t)
				}
				name := field()
				reason := "it is not valid UTF-8"
				if utf8.Valid(raw) {
					reason = indicators.CheckText(t).Error()
				}
				if name == "" {
					return bad("the request body is not valid text: %s", reason)
				}
				return indicators.FieldsError("the request body is not valid", []indicators.FieldError{{Field: name, Code: "invalid_text",
					Message: fmt.Sprintf("%s is not valid text: %s", name, reason)}})
			}
			if isKey {
				stack[top].key, stack[top].keyNext = t, false
				continue
			}
		case json.Number:
			if _, err := indicators.ParseNumber(string(t)); err != nil {
				name := field()
				return indicators.FieldsError("the request body is not valid", []indicators.FieldError{{Field: name, Code: indicators.NumberCode(err),
					Message: fmt.Sprintf("%s %v", name, err), Args: map[string]string{"value": indicators.Excerpt(string(t))}}})
			}
		}
		value()
		if len(stack) == 0 {
			return nil // one top-level value read; what follows is the decoder's
		}
	}
}
