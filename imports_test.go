package igmc_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The layering of docs/architecture.md, checked: each rule names a
// package of this module and what it may not import. A package's imports
// are those of its non-test files (test files may reach further, as the
// storage benchmarks that drive the HTTP API do); "reaches" follows the
// module's own packages transitively.

const module = "igmc"

// pkgImports maps each package of the module (its import path) to the
// import paths of its non-test files, file by file.
func pkgImports(t *testing.T) map[string]map[string][]string {
	t.Helper()
	out := map[string]map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := path.Join(module, filepath.ToSlash(filepath.Dir(p)))
		if out[pkg] == nil {
			out[pkg] = map[string][]string{}
		}
		for _, imp := range f.Imports {
			ip, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				return err
			}
			out[pkg][filepath.Base(p)] = append(out[pkg][filepath.Base(p)], ip)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"igmc/indicators", "igmc/reports", "igmc/locale", "igmc/storage", "igmc/web", "igmc/cmd/igmc"} {
		if out[want] == nil {
			t.Fatalf("package %s not found: the walk is broken", want)
		}
	}
	return out
}

// reaches lists every import path pkg depends on: its own imports and,
// through the module's packages, theirs.
func reaches(graph map[string]map[string][]string, pkg string) []string {
	seen := map[string]bool{}
	var visit func(string)
	visit = func(p string) {
		for _, imps := range graph[p] {
			for _, ip := range imps {
				if !seen[ip] {
					seen[ip] = true
					visit(ip)
				}
			}
		}
	}
	visit(pkg)
	out := make([]string, 0, len(seen))
	for ip := range seen {
		out = append(out, ip)
	}
	slices.Sort(out)
	return out
}

func isStd(ip string) bool {
	first, _, _ := strings.Cut(ip, "/")
	return !strings.Contains(first, ".") && first != module
}

func TestImportGraph(t *testing.T) {
	graph := pkgImports(t)
	forbid := func(pkg, why string, bad func(string) bool) {
		t.Helper()
		for _, ip := range reaches(graph, pkg) {
			if bad(ip) {
				t.Errorf("%s reaches %s: %s", pkg, ip, why)
			}
		}
	}
	httpOrSQL := func(ip string) bool {
		return strings.HasPrefix(ip, "github.com/gin-gonic/") || strings.HasPrefix(ip, "gorm.io/") || ip == "igmc/web" || ip == "igmc/storage"
	}
	forbid("igmc/reports", "the reports know neither HTTP nor SQL", httpOrSQL)
	forbid("igmc/locale", "the translations know neither HTTP nor SQL", httpOrSQL)
	forbid("igmc/storage", "the store knows nothing of HTTP or of the files made from it",
		func(ip string) bool { return ip == "igmc/web" || ip == "igmc/reports" })
	forbid("igmc/scoring", "the method is pure", func(ip string) bool { return !isStd(ip) && ip != "igmc/indicators" })

	// The domain package itself (not indicators/xlsxrows, which wraps
	// excelize) needs nothing but the standard library.
	for file, imps := range graph["igmc/indicators"] {
		for _, ip := range imps {
			if !isStd(ip) {
				t.Errorf("indicators/%s imports %s: the domain imports only the standard library", file, ip)
			}
		}
	}

	// The command line makes every export through reports; it needs the
	// HTTP package only to serve.
	for file, imps := range graph["igmc/cmd/igmc"] {
		if slices.Contains(imps, "igmc/web") && file != "serve.go" {
			t.Errorf("cmd/igmc/%s imports igmc/web: only serve.go may", file)
		}
	}
	if !slices.Contains(graph["igmc/cmd/igmc"]["serve.go"], "igmc/web") {
		t.Error("cmd/igmc/serve.go no longer imports igmc/web: is the serve command elsewhere? update this test")
	}

	// Nothing but the commands builds on the HTTP package: the command
	// line to serve, the scale benchmark to time the pages it serves.
	for pkg, files := range graph {
		for file, imps := range files {
			if slices.Contains(imps, "igmc/web") && !strings.HasPrefix(pkg, "igmc/cmd/") {
				t.Errorf("%s (%s) imports igmc/web", pkg, file)
			}
		}
	}
}

// TestImportGraphSeesTheTree guards the test above against passing for
// want of files: the walk must find this module's go.mod beside it.
func TestImportGraphSeesTheTree(t *testing.T) {
	b, err := os.ReadFile("go.mod")
	if err != nil || !strings.HasPrefix(string(b), "module "+module+"\n") {
		t.Fatalf("go.mod of module %s not found beside the test: %v", module, err)
	}
}
