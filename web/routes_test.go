package web_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"testing"
)

// TestRoutesInOneFile: the route table is the only place a Route is
// written, so every route is found by reading web/routes.go. A list of
// routes in another file (as the pages' areas once had) fails here.
func TestRoutesInOneFile(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if len(name) > 8 && name[len(name)-8:] == "_test.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok || name == "routes.go" {
				return true
			}
			typ := lit.Type
			if a, ok := typ.(*ast.ArrayType); ok {
				typ = a.Elt
			}
			if id, ok := typ.(*ast.Ident); ok && id.Name == "Route" {
				t.Errorf("%s: routes written outside the route table (web/routes.go)", fset.Position(lit.Pos()))
			}
			return true
		})
	}
	if checked < 10 {
		t.Fatalf("read only %d files of package web", checked)
	}
}
