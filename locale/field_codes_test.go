package locale

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"igmc/indicators"
)

// dynamicCodes are the codes of the field-error sites whose code is not a
// literal: the expression as written, and every code it can be. A new
// such site fails TestFieldCodesTranslated until it is listed here.
var dynamicCodes = map[string][]string{
	"valueCode(verr)":            {"number_ambiguous", "number_grouping", "number_comma_decimal", "number_dots", "number_space", "number_percent_unit", "number_percent", "number_hex", "number_not_finite", "number_too_large", "number_too_small", "not_a_number", "out_of_range", "required"},
	"valueCode(err)":             {"number_ambiguous", "number_grouping", "number_comma_decimal", "number_dots", "number_space", "number_percent_unit", "number_percent", "number_hex", "number_not_finite", "number_too_large", "number_too_small", "not_a_number", "out_of_range", "required"},
	"indicators.NumberCode(err)": {"number_ambiguous", "number_grouping", "number_comma_decimal", "number_dots", "number_space", "number_percent_unit", "number_percent", "number_hex", "number_not_finite", "number_too_large", "number_too_small", "not_a_number", "out_of_range", "required"},
	"code":                       {"invalid", "required"},                                 // ParseYear
	"err.code":                   {"unknown_zone", "unknown_indicator", "invalid_period"}, // storage/checks.go's rowProblem
	"fe.Code":                    nil,                                                     // a field error passed on with its own code
	"fe.ActualTag()":             nil,                                                     // validator tags: see validatorCodes
}

// fieldSites is what the module's source says of field errors: the codes
// made, the Args names used, and sites it could not read.
type fieldSites struct {
	codes   map[string]string // code → first site
	args    map[string]string // arg name → first site
	unknown []string
}

// scanFieldSites reads every non-test Go file of the module for field
// errors: FieldError literals (Code: and Args:) and FieldErrors.Add and
// AddWith calls (the code is their third argument, AddWith's Args the
// fourth). Validator tags count as codes too, since checkStruct passes
// them on as such.
func scanFieldSites(t *testing.T) *fieldSites {
	t.Helper()
	out := &fieldSites{codes: map[string]string{}, args: map[string]string{}}
	fset := token.NewFileSet()
	files := 0
	code := func(e ast.Expr, at string) {
		if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			c, _ := strconv.Unquote(lit.Value)
			if _, seen := out.codes[c]; !seen {
				out.codes[c] = at
			}
			return
		}
		expr := exprString(e)
		known, ok := dynamicCodes[expr]
		if !ok {
			out.unknown = append(out.unknown, at+": "+expr)
		}
		for _, c := range known {
			if _, seen := out.codes[c]; !seen {
				out.codes[c] = at
			}
		}
	}
	args := func(e ast.Expr, at string) {
		cl, ok := e.(*ast.CompositeLit)
		if !ok {
			return
		}
		for _, el := range cl.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if lit, ok := kv.Key.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					k, _ := strconv.Unquote(lit.Value)
					if _, seen := out.args[k]; !seen {
						out.args[k] = at
					}
				}
			}
		}
	}
	tagRe := regexp.MustCompile(`validate:"([^"]*)"`)
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != ".." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		files++
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				return false
			}
			at := fset.Position(n.Pos()).String()
			switch n := n.(type) {
			case *ast.CompositeLit:
				typ := exprString(n.Type)
				if !strings.HasSuffix(typ, "FieldError") {
					return true
				}
				lits := []*ast.CompositeLit{n}
				if strings.HasPrefix(typ, "[]") { // the elements' type is elided
					lits = nil
					for _, el := range n.Elts {
						if cl, ok := el.(*ast.CompositeLit); ok && cl.Type == nil {
							lits = append(lits, cl)
						}
					}
				}
				for _, cl := range lits {
					for _, el := range cl.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							switch exprString(kv.Key) {
							case "Code":
								code(kv.Value, at)
							case "Args":
								args(kv.Value, at)
							}
						}
					}
				}
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok || (sel.Sel.Name != "Add" && sel.Sel.Name != "AddWith") || len(n.Args) < 4 {
					return true
				}
				code(n.Args[2], at)
				if sel.Sel.Name == "AddWith" {
					args(n.Args[3], at)
				}
			case *ast.Field:
				if n.Tag == nil {
					return true
				}
				tag, _ := strconv.Unquote(n.Tag.Value)
				m := tagRe.FindStringSubmatch(tag)
				if m == nil {
					return true
				}
				for _, rule := range strings.Split(m[1], ",") {
					name, _, _ := strings.Cut(rule, "=")
					switch {
					case name == "dive" || name == "omitempty" || name == "":
					case strings.HasPrefix(name, "max"): // the max<kind> aliases are max
						out.codes["max"] = at
					default:
						out.codes[name] = at
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 || len(out.codes) < 20 {
		t.Fatalf("read %d files and found %d codes: the walk is broken", files, len(out.codes))
	}
	return out
}

func exprString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprString(e.X) + "." + e.Sel.Name
	case *ast.CallExpr:
		return exprString(e.Fun) + "(" + strings.Join(slices.Collect(func(yield func(string) bool) {
			for _, a := range e.Args {
				if !yield(exprString(a)) {
					return
				}
			}
		}), ", ") + ")"
	case *ast.StarExpr:
		return "*" + exprString(e.X)
	case *ast.ArrayType:
		return "[]" + exprString(e.Elt)
	case nil:
		return ""
	}
	return reflect.TypeOf(e).String()
}

// TestFieldCodesTranslated: every field-error code the program can make
// has its message in both languages, every Args name it uses is one the
// messages always see (FieldArgNames), and each message renders without
// a hole or a missing key, with and without its args.
func TestFieldCodesTranslated(t *testing.T) {
	sites := scanFieldSites(t)
	for _, u := range sites.unknown {
		t.Errorf("%s: a field error code that is not a literal; list what it can be in dynamicCodes", u)
	}
	for _, want := range []string{"not_a_number", "unknown_zone", "period_mismatch", "required", "max", "oneof", "no_values"} {
		if _, ok := sites.codes[want]; !ok {
			t.Errorf("code %q not found in the source: the scan misses sites", want)
		}
	}
	t.Logf("%d codes: %v", len(sites.codes), slices.Sorted(maps.Keys(sites.codes)))
	keys, err := MessageKeys()
	if err != nil {
		t.Fatal(err)
	}
	full := indicators.FieldError{Field: "value", Line: 7, Args: map[string]string{}}
	for _, k := range FieldArgNames {
		full.Args[k] = "9"
	}
	for c, at := range sites.codes {
		for _, lang := range Languages {
			if !keys[lang]["field."+c] {
				t.Errorf("%s: code %q has no message field.%s in %s", at, c, c, lang)
				continue
			}
			for _, fe := range []indicators.FieldError{{Code: c}, {Code: c, Field: full.Field, Line: full.Line, Args: full.Args}} {
				msg := Of(lang).FieldError(fe)
				if msg == "" || strings.Contains(msg, "<no value>") || strings.Contains(msg, MissingMark) || strings.Contains(msg, "{{") {
					t.Errorf("field.%s in %s with args %v renders %q", c, lang, fe.Args, msg)
				}
			}
		}
	}
	for k, at := range sites.args {
		if !slices.Contains(FieldArgNames, k) {
			t.Errorf("%s: arg %q is not in FieldArgNames, so a message naming it could print a hole", at, k)
		}
	}
}

// TestFieldErrorWithArgs: the detail of a field error is said in each
// language from its args, the closed words translated, with no English
// left on the Chinese side.
func TestFieldErrorWithArgs(t *testing.T) {
	fe := indicators.FieldError{Line: 4, Field: "period", Code: "period_mismatch",
		Args: map[string]string{"value": "2021-Q1", "frequency": "quarterly", "indicator": "SPC-01", "expected": "annual"}}
	if got, want := Of("zh").FieldError(fe), "期间 2021-Q1 是季度期间，但指标 SPC-01 按年度填报。"; got != want {
		t.Errorf("zh: %q, want %q", got, want)
	}
	if got, want := Of("en").FieldError(fe), "The period 2021-Q1 is quarterly, but indicator SPC-01 is annual."; got != want {
		t.Errorf("en: %q, want %q", got, want)
	}
	nan := indicators.FieldError{Line: 3, Field: "value", Code: "not_a_number", Args: map[string]string{"value": "eighty"}}
	if got := Of("zh").FieldError(nan); !strings.HasPrefix(got, "“eighty”不是数字") {
		t.Errorf("zh not_a_number: %q", got)
	}
	// Without args, the general sentence.
	if got := Of("zh").FieldError(indicators.FieldError{Code: "unknown_zone"}); got != "没有此代码的区域。" {
		t.Errorf("zh unknown_zone without args: %q", got)
	}
	// An unknown code falls back to field.invalid, never a missing key.
	if got := Of("zh").FieldError(indicators.FieldError{Code: "no_such_code"}); got != "该值无效。" {
		t.Errorf("an unknown code: %q", got)
	}
}

// TestChineseFieldMessagesHaveNoEnglish: once the template actions are
// taken out, a Chinese field message holds no Latin word but the names of
// formats (CSV, UTF-8, NUL) and the example periods.
func TestChineseFieldMessagesHaveNoEnglish(t *testing.T) {
	files, err := fs.Glob(localeFS, "locales/*.zh.json")
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	for _, f := range files {
		b, err := localeFS.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// A message is a string, or plural forms ({"other": …}).
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		for k, raw := range m {
			var s string
			if json.Unmarshal(raw, &s) != nil {
				var forms map[string]string
				if err := json.Unmarshal(raw, &forms); err != nil {
					t.Fatalf("%s: %s: %v", f, k, err)
				}
				s = forms["other"]
			}
			texts[k] = s
		}
	}
	actions := regexp.MustCompile(`\{\{[^}]*\}\}`)
	word := regexp.MustCompile(`[A-Za-z]{2,}`)
	allowed := map[string]bool{"CSV": true, "UTF": true, "NUL": true, "explain": true} // explain: a column of the file
	for k, raw := range texts {
		if !strings.HasPrefix(k, "field.") {
			continue
		}
		for _, w := range word.FindAllString(actions.ReplaceAllString(raw, ""), -1) {
			if !allowed[w] {
				t.Errorf("%s (zh) has the Latin word %q: %s", k, w, raw)
			}
		}
	}
}
