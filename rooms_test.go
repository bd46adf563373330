package igmc_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRoomSizes keeps two promises of docs/architecture.md: the HTTP
// package holds no more than about a third of the program (its non-test Go
// lines against the module's), and no Go file passes 400 lines without
// saying at its top why it is one piece.
func TestRoomSizes(t *testing.T) {
	lines := map[string]int{} // top-level folder → non-test lines
	total := 0
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
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n := bytes.Count(b, []byte{'\n'})
		if n > 400 {
			head := string(b[:min(len(b), 600)])
			if !strings.Contains(head, "longer than 400 lines on purpose") {
				t.Errorf("%s has %d lines and does not say at its top why it is one piece", p, n)
			}
		}
		if !strings.HasSuffix(p, "_test.go") {
			top := strings.SplitN(filepath.ToSlash(p), "/", 2)[0]
			lines[top] += n
			total += n
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if total == 0 || lines["web"] == 0 {
		t.Fatalf("no Go lines found: %v", lines)
	}
	share := float64(lines["web"]) / float64(total)
	t.Logf("web: %d of %d non-test lines (%.0f%%)", lines["web"], total, 100*share)
	if share > 0.36 {
		t.Errorf("web holds %.0f%% of the program's Go lines; a third is its room", 100*share)
	}
}
