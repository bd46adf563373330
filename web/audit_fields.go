package web

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"igmc/locale"
)

// What an event recorded (its before and after content, JSON written by
// the store) as the audit page shows it: one line per key, labelled in the
// reader's language when the key is a known one, before → after when the
// key changed. The JSON itself stays in the CSV export and the API.

// auditField is one key of an event's recorded content.
type auditField struct {
	Key, Label string
	Old, New   string
	// HasOld and HasNew say which side records the key.
	HasOld, HasNew bool
}

// Changed reports whether the key is recorded on both sides with
// different values.
func (f auditField) Changed() bool { return f.HasOld && f.HasNew && f.Old != f.New }

// auditKeyOrder puts the keys people look for first; other keys follow in
// alphabetical order.
var auditKeyOrder = []string{"zone_code", "indicator_code", "period", "value", "status", "version", "approved_value", "review_comment",
	"framework_code", "code", "name_en", "name_zh", "email", "name", "role", "zones", "rows", "new", "changed", "unchanged", "zone_codes"}

// auditListCap is how many items of a recorded list are shown.
const auditListCap = 20

// auditFieldsOf reads an event's old and new content. Content that is not
// a JSON object comes back as raw text to show as it is.
func auditFieldsOf(l *Lang, old, new string) ([]auditField, []string) {
	var raw []string
	oldMap, ok := auditObject(old)
	if !ok {
		raw = append(raw, auditLines(l, old)...)
	}
	newMap, ok := auditObject(new)
	if !ok {
		raw = append(raw, auditLines(l, new)...)
	}
	keys := auditKeys(oldMap, newMap)
	out := make([]auditField, 0, len(keys))
	for _, k := range keys {
		f := auditField{Key: k, Label: auditWordOf(l, "audit.field.", k)}
		if v, ok := oldMap[k]; ok {
			f.Old, f.HasOld = auditValue(l, k, v), true
		}
		if v, ok := newMap[k]; ok {
			f.New, f.HasNew = auditValue(l, k, v), true
		}
		out = append(out, f)
	}
	return out, raw
}

// auditKeys are the keys of the maps, each once, people's first.
func auditKeys(maps ...map[string]any) []string {
	var keys []string
	for _, m := range maps {
		for k := range m {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	slices.SortFunc(keys, func(a, b string) int {
		ia, ib := slices.Index(auditKeyOrder, a), slices.Index(auditKeyOrder, b)
		switch {
		case ia >= 0 && ib >= 0:
			return ia - ib
		case ia >= 0:
			return -1
		case ib >= 0:
			return 1
		}
		return strings.Compare(a, b)
	})
	return keys
}

// auditLines writes content that is not a JSON object: a list is one line
// per item (up to auditListCap), any other JSON value one line, and text
// that is not JSON as it is.
func auditLines(l *Lang, s string) []string {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil || d.More() {
		return []string{s}
	}
	list, ok := v.([]any)
	if !ok {
		return []string{auditValue(l, "", v)}
	}
	var out []string
	for _, x := range list[:min(len(list), auditListCap)] {
		out = append(out, auditValue(l, "", x))
	}
	if len(list) > auditListCap {
		out = append(out, l.T("audit.list_more", "N", len(list)))
	}
	return out
}

// auditObject decodes s as a JSON object; an empty s is an empty object,
// and ok is false for anything else.
func auditObject(s string) (map[string]any, bool) {
	if strings.TrimSpace(s) == "" {
		return nil, true
	}
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil || m == nil || d.More() {
		return nil, false
	}
	return m, true
}

// auditValue writes one recorded value for people.
func auditValue(l *Lang, key string, v any) string {
	switch t := v.(type) {
	case nil:
		return locale.NoValue
	case bool:
		if t {
			return l.T("audit.yes")
		}
		return l.T("audit.no")
	case json.Number:
		if x, err := strconv.ParseFloat(string(t), 64); err == nil && key != "versions_tag" {
			return locale.Group(l.Num(x, 6))
		}
		return string(t)
	case string:
		switch {
		case t == "":
			return locale.NoEntry
		case key == "status":
			return auditWordOf(l, "status.", t)
		case key == "role":
			return auditWordOf(l, "role.", t)
		case key == "action":
			return auditWordOf(l, "audit.action.", t)
		case strings.HasSuffix(key, "digest") || strings.HasSuffix(key, "hash"):
			return auditShortHash(t)
		case strings.HasSuffix(key, "_at"):
			if at, err := time.Parse(time.RFC3339Nano, t); err == nil {
				return locale.Time(at)
			}
		}
		return t
	case []any:
		parts := make([]string, 0, min(len(t), auditListCap))
		for _, x := range t[:min(len(t), auditListCap)] {
			parts = append(parts, auditValue(l, key, x))
		}
		s := strings.Join(parts, ", ")
		if len(t) > auditListCap {
			s += " " + l.T("audit.list_more", "N", len(t))
		}
		if s == "" {
			return locale.NoEntry
		}
		return s
	}
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Sprint(v)
	}
	// A nested object: its keys on one line, shortened.
	parts := make([]string, 0, len(m))
	for _, k := range auditKeys(m) {
		parts = append(parts, l.T("audit.pair", "Key", auditWordOf(l, "audit.field.", k), "Value", auditValue(l, k, m[k])))
	}
	s := strings.Join(parts, " · ")
	if r := []rune(s); len(r) > 300 {
		return string(r[:300]) + "…"
	}
	return s
}

// auditShortHash abbreviates a hash to its first 12 characters.
func auditShortHash(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}

// auditWordOf is the text of key prefix+word, or word itself when the
// messages have none (a key, action or entity added later).
func auditWordOf(l *Lang, prefix, word string) string {
	if msg := l.T(prefix + word); !strings.HasPrefix(msg, MissingMark) {
		return msg
	}
	return word
}
