package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// attachEvidence attaches a file of b to LY's value of SPC-01 for 2019
// through the store, as an officer's upload would, and returns its hash.
func attachEvidence(t *testing.T, p *program, name string, b []byte) string {
	t.Helper()
	ctx := context.Background()
	s, err := storage.Open(ctx, storage.Options{DatabaseURL: p.vars["IGMC_DATABASE_URL"]})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	page, err := s.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY", Indicator: "SPC-01", Period: "2019"})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("the demo's LY SPC-01 2019: %v, %+v", err, page.Items)
	}
	sp, err := indicators.SpoolEvidence(bytes.NewReader(b), name, indicators.DefaultMaxEvidence, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer sp.Remove()
	if _, err := s.AttachEvidence(ctx, page.Items[0].ID, []indicators.EvidenceFile{sp.EvidenceFile}, indicators.System); err != nil {
		t.Fatal(err)
	}
	return sp.SHA256
}

// TestAuditVerifyEvidence: igmc audit verify passes with evidence stored
// and exits 1 naming the file and its value once one byte of its stored
// copy is changed with plain SQL, on every engine.
func TestAuditVerifyEvidence(t *testing.T) {
	eachEngine(t, func(t *testing.T, p *program) {
		p.must("demo")
		b := bytes.Repeat([]byte("yearbook "), 1000)
		copy(b, "%PDF-1.4\n")
		sha := attachEvidence(t, p, "yearbook.pdf", b)
		if sum := sha256.Sum256(b); sha != hex.EncodeToString(sum[:]) {
			t.Fatalf("stored under %s", sha)
		}
		if out := p.must("audit", "verify"); !strings.HasPrefix(out, "ok: ") {
			t.Fatalf("untouched database: %q", out)
		}
		changed := bytes.Clone(b)
		changed[4000] = 'X'
		storagetest.MustExec(t, p.vars["IGMC_DATABASE_URL"], "UPDATE evidence_chunks SET data = $1 WHERE sha256 = $2", changed, sha)
		out, _, err := p.run("audit", "verify")
		var code exitCode
		if !errors.As(err, &code) || code != 1 {
			t.Fatalf("err %v, want exit status 1", err)
		}
		for _, want := range []string{"BROKEN: ", `"yearbook.pdf"`, sha, "(LY, SPC-01, 2019)", "no longer matches its SHA-256"} {
			if !strings.Contains(out, want) {
				t.Fatalf("the report does not name %q:\n%s", want, out)
			}
		}
	})
}
