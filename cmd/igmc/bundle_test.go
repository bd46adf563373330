package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestBundle writes the demo's bundle, verifies it, then checks that
// verification catches one changed byte and a file the manifest does not
// list.
func TestBundle(t *testing.T) {
	p := newProgram(t, "sqlite")
	p.must("demo")
	path := filepath.Join(t.TempDir(), "bundle.zip")
	p.must("bundle", "--framework", "igmc", "--year", "2019", "--out", path)

	t.Run("ok", func(t *testing.T) {
		out := p.must("bundle", "verify", path)
		if !strings.HasPrefix(out, "ok: ") || !strings.Contains(out, "files verified; audit head ") {
			t.Fatalf("bundle verify said %q", out)
		}
	})

	entries := readZip(t, path)
	t.Run("manifest_lists_every_other_file", func(t *testing.T) {
		var m struct {
			AuditHead string `json:"audit_head"`
			Files     []struct {
				Name string
				Size int64
			}
		}
		if err := json.Unmarshal(entries["manifest.json"].data, &m); err != nil {
			t.Fatal(err)
		}
		var listed, inZip []string
		for _, f := range m.Files {
			listed = append(listed, f.Name)
			if e, ok := entries[f.Name]; !ok || int64(len(e.data)) != f.Size {
				t.Errorf("%s: manifest size %d, in the zip %d bytes (present: %v)", f.Name, f.Size, len(e.data), ok)
			}
		}
		for name := range entries {
			if name != "manifest.json" && name != "manifest.sig" {
				inZip = append(inZip, name)
			}
		}
		sort.Strings(listed)
		sort.Strings(inZip)
		if strings.Join(listed, " ") != strings.Join(inZip, " ") {
			t.Errorf("the manifest lists %v, the zip holds %v", listed, inZip)
		}
		for _, want := range []string{"catalogue.csv", "zones.csv", "measurements.csv", "scorecards/LY.csv", "audit.csv", "methodology.md"} {
			if _, ok := entries[want]; !ok {
				t.Errorf("the bundle lacks %s", want)
			}
		}
		if m.AuditHead == "" {
			t.Error("the manifest has no audit head")
		}
	})

	t.Run("one_byte_changed", func(t *testing.T) {
		changed := filepath.Join(t.TempDir(), "changed.zip")
		writeZip(t, changed, path, func(name string, data []byte) []byte {
			if name == "measurements.csv" {
				data = bytes.Clone(data)
				i := len(data) - 2
				data[i] ^= 1
			}
			return data
		}, nil)
		out := mustFail(t, p, "bundle", "verify", changed)
		if !strings.Contains(out, "measurements.csv: sha256 differs from the manifest") {
			t.Errorf("bundle verify did not name measurements.csv:\n%s", out)
		}
	})

	t.Run("unlisted_file", func(t *testing.T) {
		extra := filepath.Join(t.TempDir(), "extra.zip")
		writeZip(t, extra, path, nil, map[string]string{"notes.txt": "added later\n"})
		out := mustFail(t, p, "bundle", "verify", extra)
		if !strings.Contains(out, "notes.txt: not listed in the manifest") {
			t.Errorf("bundle verify did not name notes.txt:\n%s", out)
		}
	})
}

// mustFail runs a command that must exit with status 1 and returns its
// standard output.
func mustFail(t *testing.T, p *program, args ...string) string {
	t.Helper()
	out, stderr, err := p.run(args...)
	var code exitCode
	if !errors.As(err, &code) || code != 1 {
		t.Fatalf("igmc %s: want exit status 1, got %v\n%s%s", strings.Join(args, " "), err, out, stderr)
	}
	return out
}

type zipEntry struct {
	order int
	data  []byte
}

func readZip(t *testing.T, path string) map[string]zipEntry {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string]zipEntry{}
	for i, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = zipEntry{i, b}
	}
	return out
}

// writeZip copies the zip at from to path, entry by entry in the same
// order, passing each through edit, then adds extra.
func writeZip(t *testing.T, path, from string, edit func(name string, data []byte) []byte, extra map[string]string) {
	t.Helper()
	entries := readZip(t, from)
	names := make([]string, 0, len(entries))
	for name := range entries {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool { return entries[names[i]].order < entries[names[j]].order })
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name string, data []byte) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range names {
		data := entries[name].data
		if edit != nil {
			// An edit that answers nil leaves the file out.
			if data = edit(name, data); data == nil {
				continue
			}
		}
		put(name, data)
	}
	for name, data := range extra {
		put(name, []byte(data))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}
