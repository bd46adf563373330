package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"igmc/indicators"
)

// TestBundleSignature checks manifest.sig on both engines: a fresh bundle
// verifies and names the installation's active key; one byte changed in a
// file, in the manifest or in the signature is named; --key of the signer
// passes and --key of another key fails; after a rotation the old bundle
// still verifies with the retired key, which stays listed.
func TestBundleSignature(t *testing.T) {
	eachEngine(t, func(t *testing.T, p *program) {
		p.must("demo")
		path := filepath.Join(t.TempDir(), "bundle.zip")
		p.must("bundle", "--framework", "igmc", "--year", "2019", "--out", path)

		keys := p.must("signing-key")
		m := regexp.MustCompile(`^key ([0-9a-f]{16}) \(ed25519, database, active\)\n`).FindStringSubmatch(keys)
		if m == nil {
			t.Fatalf("signing-key printed %q", keys)
		}
		active := m[1]
		out := p.must("bundle", "verify", path)
		if !strings.Contains(out, "signed by key "+active) {
			t.Fatalf("bundle verify said %q, want the key %s named", out, active)
		}
		entries := readZip(t, path)
		keyFile := filepath.Join(t.TempDir(), "key.pem")
		if err := os.WriteFile(keyFile, entries["signing-key.pem"].data, 0o600); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(keys, string(entries["signing-key.pem"].data)) {
			t.Error("the bundle's signing-key.pem is not the active key signing-key prints")
		}
		p.must("bundle", "verify", "--key", keyFile, path)

		for _, tc := range []struct{ file, want string }{
			{"approved.csv", "approved.csv: sha256 differs from the manifest"},
			{"manifest.json", "manifest.json"},
			{"manifest.sig", "manifest.sig"},
			{"signing-key.pem", "signing-key.pem"},
		} {
			t.Run("one_byte_of_"+tc.file, func(t *testing.T) {
				changed := filepath.Join(t.TempDir(), "changed.zip")
				writeZip(t, changed, path, func(name string, data []byte) []byte {
					if name == tc.file {
						data = bytes.Clone(data)
						i := len(data) / 2
						for data[i] == '\n' || data[i] == ' ' || data[i] == '"' {
							i++
						}
						data[i] ^= 1
					}
					return data
				}, nil)
				out := mustFail(t, p, "bundle", "verify", changed)
				if !strings.Contains(out, tc.want) {
					t.Errorf("bundle verify did not name %s:\n%s", tc.file, out)
				}
			})
		}

		t.Run("another_key", func(t *testing.T) {
			pub, _, err := ed25519.GenerateKey(rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			other := filepath.Join(t.TempDir(), "other.pem")
			if err := os.WriteFile(other, []byte(indicators.PublicKeyPEM(pub)), 0o600); err != nil {
				t.Fatal(err)
			}
			out := mustFail(t, p, "bundle", "verify", "--key", other, path)
			if !strings.Contains(out, "manifest.sig") || !strings.Contains(out, indicators.KeyID(pub)) {
				t.Errorf("verify with another key said:\n%s", out)
			}
		})

		t.Run("rotation", func(t *testing.T) {
			out := p.must("signing-key", "rotate")
			if strings.Contains(out, active) || !strings.HasPrefix(out, "new signing key ") {
				t.Fatalf("rotate said %q", out)
			}
			keys := p.must("signing-key")
			if !regexp.MustCompile(`key ` + active + ` \(ed25519, database, retired `).MatchString(keys) {
				t.Errorf("the old key is not listed as retired:\n%s", keys)
			}
			p.must("bundle", "verify", "--key", keyFile, path)
			newer := filepath.Join(t.TempDir(), "newer.zip")
			p.must("bundle", "--framework", "igmc", "--year", "2019", "--out", newer)
			if out := mustFail(t, p, "bundle", "verify", "--key", keyFile, newer); !strings.Contains(out, "manifest.sig") {
				t.Errorf("a bundle of the new key verified with the retired one:\n%s", out)
			}
			if audit := p.must("audit", "verify"); !strings.HasPrefix(audit, "ok: ") {
				t.Errorf("audit verify after the rotation: %s", audit)
			}
		})
	})
}

// TestBundleRecompute rebuilds the demo bundle's scorecards from its own
// files on both engines, then changes one approved value without
// re-signing anything: recompute must name the figure that moved.
func TestBundleRecompute(t *testing.T) {
	eachEngine(t, func(t *testing.T, p *program) {
		p.must("demo")
		path := filepath.Join(t.TempDir(), "bundle.zip")
		p.must("bundle", "--framework", "igmc", "--year", "2019", "--out", path)
		out := p.must("bundle", "recompute", path)
		if !regexp.MustCompile(`^ok: [1-9][0-9]* scorecards recomputed, every figure matches\n$`).MatchString(out) {
			t.Fatalf("recompute said %q", out)
		}

		entries := readZip(t, path)
		// The demo's cards rest on zone plans and not-applicable marks
		// too: the recompute must have read them.
		for _, name := range []string{"plans.csv", "applicability.csv", "framework.json", "README.txt"} {
			if n := bytes.Count(entries[name].data, []byte("\n")); n < 2 {
				t.Errorf("%s has %d lines", name, n)
			}
		}
		rows, err := csv.NewReader(bytes.NewReader(entries["approved.csv"].data)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		// An annual value of the bundle's year is on its zone's card.
		target := -1
		for i, r := range rows[1:] {
			if r[2] == "2019" {
				target = i + 1
				break
			}
		}
		if target < 0 {
			t.Fatal("approved.csv holds no value of 2019")
		}
		zone, ind := rows[target][0], rows[target][1]
		x, err := strconv.ParseFloat(rows[target][3], 64)
		if err != nil {
			t.Fatal(err)
		}
		rows[target][3] = strconv.FormatFloat(x*3+7, 'g', -1, 64)
		var buf bytes.Buffer
		cw := csv.NewWriter(&buf)
		if err := cw.WriteAll(rows); err != nil {
			t.Fatal(err)
		}
		changed := filepath.Join(t.TempDir(), "changed.zip")
		writeZip(t, changed, path, func(name string, data []byte) []byte {
			if name == "approved.csv" {
				return buf.Bytes()
			}
			return data
		}, nil)
		out = mustFail(t, p, "bundle", "recompute", changed)
		if !strings.HasPrefix(out, zone+": indicator "+ind+": value: expected ") || !strings.Contains(out, ", got "+rows[target][3]) {
			t.Errorf("recompute said %q, want the value of %s in zone %s named", out, ind, zone)
		}
		if out := mustFail(t, p, "bundle", "verify", changed); !strings.HasPrefix(out, "approved.csv: ") {
			t.Errorf("verify of the changed bundle said %q", out)
		}

		// A not-applicable mark dropped from applicability.csv brings the
		// indicator back onto its zone's card.
		marks := strings.SplitAfterN(string(entries["applicability.csv"].data), "\n", 3)
		mark := strings.Split(marks[1], ",")
		dropped := filepath.Join(t.TempDir(), "dropped.zip")
		writeZip(t, dropped, path, func(name string, data []byte) []byte {
			if name == "applicability.csv" {
				return []byte(marks[0] + marks[2])
			}
			return data
		}, nil)
		out = mustFail(t, p, "bundle", "recompute", dropped)
		if !strings.HasPrefix(out, mark[0]+": indicator "+mark[1]+": ") {
			t.Errorf("recompute without the mark on %s said %q", marks[1], out)
		}
	})
}

// TestBundleRecomputeSignedOff: a signed-off year's card is the frozen
// snapshot, so a catalogue import after the sign-off leaves it as it was
// while today's framework.json scores differently: recompute checks it
// against its signed snapshot (and recomputes the other zones), and a
// changed snapshot or card is named.
func TestBundleRecomputeSignedOff(t *testing.T) {
	eachEngine(t, func(t *testing.T, p *program) {
		p.must("demo")
		p.must("signoff", "--zone", "LY", "--year", "2019", "--framework", "igmc")
		rows, err := csv.NewReader(strings.NewReader(p.must("catalogue", "export", "--framework", "igmc"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		for _, r := range rows[1:] {
			if r[col["indicator_code"]] == "SPC-01" {
				r[col["worst"]] = "50"
			}
		}
		var buf bytes.Buffer
		if err := csv.NewWriter(&buf).WriteAll(rows); err != nil {
			t.Fatal(err)
		}
		cat := filepath.Join(t.TempDir(), "catalogue.csv")
		if err := os.WriteFile(cat, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		p.must("catalogue", "import", "--framework", "igmc", cat)

		path := filepath.Join(t.TempDir(), "bundle.zip")
		p.must("bundle", "--framework", "igmc", "--year", "2019", "--out", path)
		out := p.must("bundle", "recompute", path)
		if !regexp.MustCompile(`^ok: 3 scorecards recomputed, every figure matches\nok: 1 signed-off scorecards match their signed snapshots`).MatchString(out) {
			t.Fatalf("recompute said %q", out)
		}
		entries := readZip(t, path)
		if _, ok := entries["signoffs/LY.json"]; !ok {
			t.Fatal("the bundle has no signoffs/LY.json")
		}
		for name, change := range map[string][2]string{
			// The snapshot's index score, inside the signed bytes.
			"signoffs/LY.json":   {`"index":{"score":`, `"index":{"score":1`},
			"scorecards/LY.json": {`"coverage":1,`, `"coverage":0.5,`},
		} {
			if !bytes.Contains(entries[name].data, []byte(change[0])) {
				t.Fatalf("%s lacks %q:\n%.400s", name, change[0], entries[name].data)
			}
			changed := filepath.Join(t.TempDir(), "changed.zip")
			writeZip(t, changed, path, func(n string, data []byte) []byte {
				if n == name {
					return bytes.Replace(data, []byte(change[0]), []byte(change[1]), 1)
				}
				return data
			}, nil)
			if out := mustFail(t, p, "bundle", "recompute", changed); !strings.HasPrefix(out, "LY: ") {
				t.Errorf("recompute with %s changed said %q, want LY named", name, out)
			}
		}
	})
}

// A sign-off made before the key was rotated is checked with the retired
// key the bundle carries as keys/<KEY_ID>.pem, listed in the manifest.
func TestBundleCarriesRetiredSigningKeys(t *testing.T) {
	eachEngine(t, func(t *testing.T, p *program) {
		p.must("demo")
		p.must("signoff", "--zone", "LY", "--year", "2019", "--framework", "igmc")
		p.must("signing-key", "rotate")
		path := filepath.Join(t.TempDir(), "bundle.zip")
		p.must("bundle", "--framework", "igmc", "--year", "2019", "--out", path)
		if out := p.must("bundle", "verify", path); !strings.HasPrefix(out, "ok") {
			t.Fatalf("verify said %q", out)
		}
		out := p.must("bundle", "recompute", path)
		if strings.Contains(out, "note:") || !strings.Contains(out, "ok: 1 signed-off scorecards match") {
			t.Fatalf("recompute said %q, want the sign-off checked with the retired key", out)
		}
		entries := readZip(t, path)
		var so struct {
			Signature struct {
				KeyID string `json:"key_id"`
			} `json:"signature"`
		}
		if err := json.Unmarshal(entries["signoffs/LY.json"].data, &so); err != nil {
			t.Fatal(err)
		}
		key := "keys/" + so.Signature.KeyID + ".pem"
		if _, ok := entries[key]; !ok || so.Signature.KeyID == "" {
			t.Fatalf("the bundle lacks %s", key)
		}
		if !bytes.Contains(entries["manifest.json"].data, []byte(key)) {
			t.Fatalf("the manifest does not list %s", key)
		}
		// Without the retired key the signature cannot be checked, and
		// recompute says so.
		stripped := filepath.Join(t.TempDir(), "stripped.zip")
		writeZip(t, stripped, path, func(n string, data []byte) []byte {
			if n == key {
				return nil
			}
			return data
		}, nil)
		if out := p.must("bundle", "recompute", stripped); !strings.Contains(out, "note: the sign-off of LY") {
			t.Fatalf("recompute without the retired key said %q", out)
		}
	})
}
