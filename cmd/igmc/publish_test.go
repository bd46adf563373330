package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/storage"
)

// TestPublish writes the demo's public site: refused while the framework
// is not published, then a folder with index.html in each language.
func TestPublish(t *testing.T) {
	p := newProgram(t, "sqlite")
	p.must("demo")
	dir := filepath.Join(t.TempDir(), "site")
	if _, stderr, err := p.run("publish", "--framework", "igmc", "--out", dir); err == nil || !strings.Contains(stderr, "not published") {
		t.Fatalf("publishing an unpublished framework: %v, %q", err, stderr)
	}
	if _, _, err := p.run("publish", "--framework", "igmc"); err == nil || !strings.Contains(err.Error(), publishUsage) {
		t.Fatalf("without --out: %v", err)
	}
	ctx := context.Background()
	st, err := storage.Open(ctx, storage.Options{DatabaseURL: p.vars["IGMC_DATABASE_URL"], DataDir: p.vars["IGMC_DATA_DIR"]})
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.SetPublicMode(ctx, "igmc", indicators.PublishApproved, indicators.System)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	out := p.must("publish", "--framework", "igmc", "--out", dir)
	if !strings.HasPrefix(out, "public site of igmc written: ") {
		t.Fatalf("publish said %q", out)
	}
	for _, f := range []string{"index.html", "style.css", "data.zip", "zh/index.html", "en/index.html", "zh/zones/LY/2019/index.html", "en/indicators/SPC-01/index.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}
