package web

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"time"
	"unicode"
)

// schemas turns Go types into JSON Schema (the dialect of OpenAPI 3.1) the
// way encoding/json writes them: a struct's exported fields under their
// json names, embedded structs folded in, a field without omitempty
// required, a pointer, slice or map that may be nil also null. Named
// structs become components, referred to by $ref, so the document shows
// the very types the handlers encode.
type schemas struct {
	byType map[reflect.Type]string
	named  map[string]map[string]any
}

func newSchemas() *schemas {
	return &schemas{byType: map[reflect.Type]string{}, named: map[string]map[string]any{}}
}

var (
	timeType      = reflect.TypeFor[time.Time]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	rawMessage    = reflect.TypeFor[json.RawMessage]()
)

// of is the schema of values of type t.
func (s *schemas) of(t reflect.Type) map[string]any {
	nullable := false
	for t.Kind() == reflect.Pointer {
		nullable = true
		t = t.Elem()
	}
	sc := s.plain(t)
	if k := t.Kind(); k == reflect.Slice || k == reflect.Map {
		nullable = true // encoding/json writes a nil one as null
	}
	if !nullable {
		return sc
	}
	if typ, ok := sc["type"].(string); ok {
		sc["type"] = []string{typ, "null"}
		return sc
	}
	return map[string]any{"anyOf": []any{sc, map[string]any{"type": "null"}}}
}

// plain is the schema of t without the null that a nil value adds.
func (s *schemas) plain(t reflect.Type) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == rawMessage || t.Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(jsonMarshaler):
		return map[string]any{}
	case t.Implements(textMarshaler) || reflect.PointerTo(t).Implements(textMarshaler):
		return map[string]any{"type": "string"}
	}
	switch t.Kind() {
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "contentEncoding": "base64"}
		}
		return map[string]any{"type": "array", "items": s.of(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": s.of(t.Elem())}
	case reflect.Struct:
		return s.ref(t)
	}
	return map[string]any{}
}

// ref names struct t as a component (made once) and refers to it.
func (s *schemas) ref(t reflect.Type) map[string]any {
	if t.Name() == "" {
		return s.object(t)
	}
	name, ok := s.byType[t]
	if !ok {
		name = s.nameOf(t)
		s.byType[t] = name
		s.named[name] = nil // taken before the fields, for types that refer to themselves
		s.named[name] = s.object(t)
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// nameOf is the component name of t: its Go name, exported, a generic
// list[T] as TList, with the package in front when two packages use it.
func (s *schemas) nameOf(t reflect.Type) string {
	name := t.Name()
	if i := strings.IndexByte(name, '['); i >= 0 {
		arg := name[i+1 : len(name)-1]
		arg = arg[strings.LastIndexAny(arg, "./")+1:]
		name = arg + exported(name[:i])
	}
	name = exported(name)
	if _, taken := s.named[name]; taken {
		pkg := t.PkgPath()
		name = exported(pkg[strings.LastIndexByte(pkg, '/')+1:]) + name
	}
	return name
}

func exported(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// object is the schema of a struct's fields as encoding/json writes them.
func (s *schemas) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	s.fields(t, props, &required)
	sc := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		sc["required"] = required
	}
	return sc
}

func (s *schemas) fields(t reflect.Type, props map[string]any, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := f.Type
		if f.Anonymous && name == "" {
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				s.fields(ft, props, required)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		sc := s.of(ft)
		if strings.Contains(opts, "string") {
			sc = map[string]any{"type": "string"}
		}
		props[name] = sc
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
			*required = append(*required, name)
		}
	}
}
