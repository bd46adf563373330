package storage

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"

	"igmc/indicators"
)

// appendWarnings appends the JSON of ws to b, byte for byte what
// json.Marshal writes (keys in order, figures sorted, numbers as
// encoding/json formats them), without its reflection: an import of a
// million rows encodes a quarter of a million lists. Anything the fast
// path does not handle — a string that would need escaping, a figure that
// is not finite — goes through json.Marshal.
func appendWarnings(b []byte, ws []indicators.Warning) ([]byte, error) {
	start := len(b)
	b = append(b, '[')
	var keys []string
	for i, w := range ws {
		if i > 0 {
			b = append(b, ',')
		}
		if !plainJSON(w.Check) || !plainJSON(w.Rule) || !plainJSON(string(w.Severity)) || !plainJSON(string(w.State)) {
			return marshalWarnings(b[:start], ws)
		}
		b = append(b, `{"check":"`...)
		b = append(b, w.Check...)
		b = append(b, '"')
		if w.Rule != "" {
			b = append(b, `,"rule":"`...)
			b = append(b, w.Rule...)
			b = append(b, '"')
		}
		b = append(b, `,"severity":"`...)
		b = append(b, w.Severity...)
		b = append(b, '"')
		if w.State != "" {
			b = append(b, `,"state":"`...)
			b = append(b, w.State...)
			b = append(b, '"')
		}
		b = append(b, `,"figures":`...)
		if w.Figures == nil {
			b = append(b, "null"...)
			b = append(b, '}')
			continue
		}
		keys = keys[:0]
		for k := range w.Figures {
			if !plainJSON(k) {
				return marshalWarnings(b[:start], ws)
			}
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = append(b, '{')
		for j, k := range keys {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, '"')
			b = append(b, k...)
			b = append(b, `":`...)
			var ok bool
			if b, ok = appendJSONFloat(b, w.Figures[k]); !ok {
				return marshalWarnings(b[:start], ws)
			}
		}
		b = append(b, "}}"...)
	}
	return append(b, ']'), nil
}

func marshalWarnings(b []byte, ws []indicators.Warning) ([]byte, error) {
	j, err := json.Marshal(ws)
	return append(b, j...), err
}

// plainJSON reports whether s can be written between quotes as it is:
// letters, digits and a few marks, none that encoding/json escapes.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == ' ' || c == ':' || c == '/') {
			return false
		}
	}
	return true
}

// appendJSONFloat formats f as encoding/json does a float64; ok is false
// for NaN and the infinities, which JSON cannot hold.
func appendJSONFloat(b []byte, f float64) ([]byte, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b, false
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// encoding/json drops the exponent's leading zero (1e-07 → 1e-7)
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, true
}
