package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestOpenTempDir: start-up removes what ended runs left in the data
// dir's temporary folder, keeps a running process's folder, and the run's
// own folder is gone when it ends.
func TestOpenTempDir(t *testing.T) {
	data := t.TempDir()
	root := filepath.Join(data, "tmp")
	dead := filepath.Join(root, "2147483646-left") // no such process
	alive := filepath.Join(root, strconv.Itoa(os.Getppid())+"-busy")
	for _, d := range []string{dead, alive} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "upload.xlsx"), make([]byte, 1<<20), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "stray"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	dir, done, err := openTempDir(data)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(dir) != root {
		t.Fatalf("the run's folder %s is not in %s", dir, root)
	}
	for path, want := range map[string]bool{dead: false, filepath.Join(root, "stray"): false, alive: true, dir: true} {
		if _, err := os.Stat(path); (err == nil) != want {
			t.Errorf("%s: exists %v, want %v", path, err == nil, want)
		}
	}
	done()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("the run's folder outlived it: %v", err)
	}
}
