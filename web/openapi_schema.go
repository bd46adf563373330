package web

import (
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"igmc/indicators"
)

// schemas turns Go types into JSON Schema (the dialect of OpenAPI 3.1) the
// way encoding/json writes them: a struct's exported fields under their
// json names, embedded structs folded in, a field without omitempty
// required, a pointer, slice or map that may be nil also null. Named
// structs become components, referred to by $ref, so the document shows
// the very types the handlers encode.
//
// The schemas of request bodies (request set) follow the decoder instead:
// a field is required when its validate tag says so, the tag's limits
// become the schema's (maxLength, enum, minItems…), and an unknown field
// is refused, as bindJSON refuses it.
type schemas struct {
	request bool
	byType  map[reflect.Type]string
	named   map[string]map[string]any
	// reserved are the names of the other set, which a request schema of
	// the same name leaves alone by calling itself NameInput.
	reserved map[string]map[string]any
}

func newSchemas(request bool) *schemas {
	return &schemas{request: request, byType: map[reflect.Type]string{}, named: map[string]map[string]any{}}
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
	if values, ok := apiEnums[t]; ok {
		return map[string]any{"type": "string", "enum": values}
	}
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
	if _, taken := s.reserved[name]; taken {
		name += "Input"
	}
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
	if s.request {
		sc["additionalProperties"] = false
	}
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
		switch {
		case s.request:
			if validateRules(sc, f.Tag.Get("validate")) {
				*required = append(*required, name)
			}
		case !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero"):
			*required = append(*required, name)
		}
	}
}

// validateRules puts the limits of a validate tag on sc, the rules after
// "dive" on its items, and reports whether the tag requires the field.
func validateRules(sc map[string]any, tag string) (required bool) {
	target, top, empty := sc, true, false
	for _, rule := range strings.Split(tag, ",") {
		name, arg, _ := strings.Cut(rule, "=")
		if n, ok := indicators.TextLimits[strings.TrimPrefix(name, "max")]; ok && name != "max" && arg == "" {
			name, arg = "max", strconv.Itoa(n)
		}
		switch name {
		case "required":
			required = required || top
		case "omitempty":
			empty = true
		case "dive":
			items, ok := target["items"].(map[string]any)
			if !ok {
				return required
			}
			target, top, empty = items, false, false
		case "oneof":
			enum := strings.Fields(arg)
			if empty {
				enum = append(enum, "")
			}
			target["enum"] = enum
		case "min", "max":
			if n, err := strconv.Atoi(arg); err == nil {
				target[limitKey(target, name)] = n
			}
		}
	}
	return required
}

// limitKey is the JSON Schema keyword of the validator's min or max rule
// on a value of schema sc: a length, a count of items or a bound.
func limitKey(sc map[string]any, rule string) string {
	types := typesOf(sc)
	keys := [2]string{"minimum", "maximum"}
	switch {
	case slices.Contains(types, "array"):
		keys = [2]string{"minItems", "maxItems"}
	case slices.Contains(types, "string"):
		keys = [2]string{"minLength", "maxLength"}
	case slices.Contains(types, "object"):
		keys = [2]string{"minProperties", "maxProperties"}
	}
	if rule == "max" {
		return keys[1]
	}
	return keys[0]
}

// typesOf lists the types schema sc allows by its type keyword.
func typesOf(sc map[string]any) []string {
	switch t := sc["type"].(type) {
	case string:
		return []string{t}
	case []string:
		return t
	}
	return nil
}
