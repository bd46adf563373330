package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// jsonNode is a decoded JSON value that keeps its objects' key order, so
// that differences are found in the card's own order.
type jsonNode struct {
	keys   []string
	fields map[string]*jsonNode
	items  []*jsonNode
	isArr  bool
	scalar string // the value's JSON text, for anything but objects and arrays
}

func decodeNode(dec *json.Decoder) (*jsonNode, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	n := &jsonNode{}
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			n.isArr = true
			for dec.More() {
				item, err := decodeNode(dec)
				if err != nil {
					return nil, err
				}
				n.items = append(n.items, item)
			}
		} else {
			n.fields = map[string]*jsonNode{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := k.(string)
				v, err := decodeNode(dec)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, key)
				n.fields[key] = v
			}
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
	case nil:
		n.scalar = "null"
	default:
		b, _ := json.Marshal(t)
		n.scalar = string(b)
	}
	return n, nil
}

func (n *jsonNode) text() string {
	switch {
	case n.fields != nil:
		return "an object"
	case n.isArr:
		return fmt.Sprintf("a list of %d", len(n.items))
	}
	return n.scalar
}

// firstDifference names the first figure in which the scorecard got
// differs from want (the bundle's): the indicator or perspective by its
// code, the field, and both values. The card's rows come first, as the
// figures every total rests on.
func firstDifference(name string, want, got []byte) string {
	decode := func(b []byte) *jsonNode {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		n, err := decodeNode(dec)
		if err != nil {
			return nil
		}
		return n
	}
	w, g := decode(want), decode(got)
	if w == nil || w.fields == nil {
		return name + ": not a scorecard"
	}
	keys := append([]string{"indicators", "perspectives"}, w.keys...)
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		if d := diffNode(label("card", k), w.fields[k], g.fields[k]); d != "" {
			return d
		}
	}
	for _, k := range g.keys {
		if !seen[k] {
			return "card: field " + k + ": expected nothing, got " + g.fields[k].text()
		}
	}
	return name + ": differs from the recomputed card in its layout"
}

// label names a field of a row: "indicator X: field" or "card: field".
func label(row, field string) string {
	return row + ": " + field
}

func diffNode(at string, w, g *jsonNode) string {
	switch {
	case w == nil && g == nil:
		return ""
	case w == nil:
		return fmt.Sprintf("%s: expected nothing, got %s", at, g.text())
	case g == nil:
		return fmt.Sprintf("%s: expected %s, got nothing", at, w.text())
	case w.fields != nil && g.fields != nil:
		sep := "."
		if strings.HasSuffix(at, ":") {
			sep = " "
		}
		for _, k := range w.keys {
			if d := diffNode(at+sep+k, w.fields[k], g.fields[k]); d != "" {
				return d
			}
		}
		for _, k := range g.keys {
			if _, ok := w.fields[k]; !ok {
				return fmt.Sprintf("%s%s%s: expected nothing, got %s", at, sep, k, g.fields[k].text())
			}
		}
		return ""
	case w.isArr && g.isArr:
		for i := range min(len(w.items), len(g.items)) {
			if d := diffNode(rowName(at, i, w.items[i]), w.items[i], g.items[i]); d != "" {
				return d
			}
		}
		if len(w.items) != len(g.items) {
			return fmt.Sprintf("%s: expected %d rows, got %d", at, len(w.items), len(g.items))
		}
		return ""
	}
	if w.text() != g.text() {
		return fmt.Sprintf("%s: expected %s, got %s", at, w.text(), g.text())
	}
	return ""
}

// rowName names the i-th element of a list: a card's indicator or
// perspective row by its code ("indicator ECO-01", "perspective space").
func rowName(at string, i int, n *jsonNode) string {
	if n.fields != nil {
		for _, k := range []string{"indicator_code", "code"} {
			if c := n.fields[k]; c != nil {
				code := strings.Trim(c.scalar, `"`)
				switch at {
				case "card: indicators":
					return "indicator " + code + ":"
				case "card: perspectives":
					return "perspective " + code + ":"
				}
				return at + "[" + code + "]"
			}
		}
	}
	return fmt.Sprintf("%s[%d]", at, i)
}
