package reports

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"igmc/docs"
	"igmc/indicators"
	"igmc/scoring"
)

// The auditor's bundle is one zip holding everything needed to check a
// framework's year without access to the server: the catalogue, the zones,
// every value with its history, the scorecards, the audit trail and the
// methodology, with a manifest of their hashes written last.

// The bundle's manifest, its signature and the public key that made it.
const (
	ManifestName   = "manifest.json"
	SignatureName  = "manifest.sig"
	SigningKeyName = "signing-key.pem"
)

// Signer signs the bundle's manifest with the installation's key and
// lists the public keys (the active one first).
type Signer interface {
	Sign(ctx context.Context, msg []byte) (indicators.Signature, error)
	SigningKeys(ctx context.Context) ([]indicators.PublicKey, error)
}

// BundleManifest is manifest.json: what the bundle is about, the audit
// chain's head when it was made and every other file with its hash. A
// bundle of some zones only (an officer's, a reviewer's) says whether the
// whole trail verified but leaves out its head, which describes every
// zone's events (as ScopedVerify does).
type BundleManifest struct {
	Framework     string       `json:"framework"`
	Year          int          `json:"year"`
	MethodVersion string       `json:"method_version"`
	CreatedAt     string       `json:"created_at"`
	AuditHead     string       `json:"audit_head,omitempty"`
	AuditOK       bool         `json:"audit_ok"`
	Files         []BundleFile `json:"files"`
}

// BundleFile is one file listed in the manifest: sha256 is the hex digest
// of its exact bytes and size their number.
type BundleFile struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// bundleWriter adds files to the zip, hashing and counting each as it is
// written, so that no file is ever held whole in memory.
type bundleWriter struct {
	zw    *zip.Writer
	at    time.Time
	files []BundleFile
}

func (b *bundleWriter) add(name string, write func(io.Writer) error) error {
	entry, err := b.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: b.at})
	if err != nil {
		return fmt.Errorf("reports: bundle %s: %w", name, err)
	}
	h := sha256.New()
	n := &countingWriter{}
	if err := write(io.MultiWriter(entry, h, n)); err != nil {
		return fmt.Errorf("reports: bundle %s: %w", name, err)
	}
	b.files = append(b.files, BundleFile{Name: name, SHA256: hex.EncodeToString(h.Sum(nil)), Size: n.n})
	return nil
}

// bundleStep is one file of the bundle and how to write it.
type bundleStep struct {
	name  string
	write func(io.Writer) error
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// WriteBundle streams the auditor's bundle of framework's year to w, for
// the zones given (nil: every zone). It reads what it needs before the
// first byte, so an unknown framework fails with nothing written; an error
// after that leaves w with a broken zip.
func WriteBundle(ctx context.Context, svc Store, w io.Writer, framework string, year int, zones []string) error {
	cat, err := svc.Catalogue(ctx, framework)
	if err != nil {
		return err
	}
	inScope, err := zonesInScope(ctx, svc, zones)
	if err != nil {
		return err
	}
	keys, err := svc.SigningKeys(ctx)
	if err != nil {
		return err
	}
	if len(keys) == 0 || !keys[0].Active {
		return fmt.Errorf("reports: bundle: the installation has no active signing key")
	}
	inputs, err := bundleInputSteps(ctx, svc, framework, year, inScope, zones)
	if err != nil {
		return err
	}
	rep, err := svc.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	m := BundleManifest{Framework: framework, Year: year, MethodVersion: scoring.MethodVersion,
		CreatedAt: time.Now().UTC().Format(time.RFC3339), AuditHead: rep.Head, AuditOK: rep.OK}
	if zones != nil {
		m.AuditHead = ""
	}
	b := &bundleWriter{zw: zip.NewWriter(w), at: time.Now().UTC()}

	// The files, in order; the manifest (written last) lists them all.
	steps := []bundleStep{
		{ReadmeName, func(w io.Writer) error { _, err := io.WriteString(w, bundleReadme); return err }},
		{SigningKeyName, func(w io.Writer) error { _, err := io.WriteString(w, keys[0].PEM); return err }},
		{"catalogue.csv", func(w io.Writer) error { return indicators.WriteCatalogue(w, cat) }},
		{"zones.csv", func(w io.Writer) error { return writeZonesCSV(w, inScope) }},
		{"measurements.csv", func(w io.Writer) error {
			return writeMeasurementsCSV(ctx, svc, w, indicators.MeasurementFilter{Framework: framework, Zones: zones})
		}},
	}
	for _, z := range inScope {
		steps = append(steps, bundleStep{"scorecards/" + z.Code + ".csv", func(w io.Writer) error {
			card, err := svc.Scorecard(ctx, framework, z.Code, year, scoring.BasisOfficial)
			if err != nil {
				return err
			}
			return WriteScorecardCSV(w, &card, cat)
		}}, bundleStep{"scorecards/" + z.Code + ".json", func(w io.Writer) error {
			card, err := svc.Scorecard(ctx, framework, z.Code, year, scoring.BasisOfficial)
			if err != nil {
				return err
			}
			b, err := ScorecardJSON(&card)
			if err != nil {
				return err
			}
			_, err = w.Write(b)
			return err
		}}, bundleStep{"progress/" + z.Code + ".csv", func(w io.Writer) error {
			r, _, err := ProgressReportOf(ctx, svc, framework, z.Code, year, scoring.BasisOfficial)
			if err != nil {
				return err
			}
			return WriteProgressCSV(w, r)
		}})
	}
	steps = append(steps, inputs...)
	steps = append(steps,
		bundleStep{"quality.csv", func(w io.Writer) error {
			r, err := svc.QualityReportOf(ctx, framework, year, zones)
			if err != nil {
				return err
			}
			return WriteQualityCSV(w, &r)
		}},
		bundleStep{"sdmx.csv", func(w io.Writer) error { return WriteSDMXCSV(ctx, svc, w, framework, year, zones) }},
		bundleStep{"sdmx-structure.xml", func(w io.Writer) error { return WriteSDMXStructure(ctx, svc, w, framework, zones) }},
		bundleStep{"audit.csv", func(w io.Writer) error { return WriteAuditCSV(ctx, svc, w, zones) }},
		bundleStep{"methodology.md", func(w io.Writer) error { _, err := w.Write(docs.Methodology); return err }},
	)
	ev, err := bundleEvidence(ctx, svc, framework, zones)
	if err != nil {
		return err
	}
	steps = append(steps, ev...)
	signed, err := bundleSignOffs(ctx, svc, framework, year, inScope, keys)
	if err != nil {
		return err
	}
	steps = append(steps, signed...)
	for _, s := range steps {
		if err := b.add(s.name, s.write); err != nil {
			return err
		}
	}

	m.Files = b.files
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("reports: bundle %s: %w", ManifestName, err)
	}
	raw = append(raw, '\n')
	sig, err := svc.Sign(ctx, raw)
	if err != nil {
		return err
	}
	sigJSON, err := json.MarshalIndent(sig, "", "  ")
	if err != nil {
		return fmt.Errorf("reports: bundle %s: %w", SignatureName, err)
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{ManifestName, raw}, {SignatureName, append(sigJSON, '\n')}} {
		entry, err := b.zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: b.at})
		if err != nil {
			return fmt.Errorf("reports: bundle %s: %w", f.name, err)
		}
		if _, err := entry.Write(f.data); err != nil {
			return fmt.Errorf("reports: bundle %s: %w", f.name, err)
		}
	}
	return b.zw.Close()
}

// zonesInScope lists the zones of the codes given (nil: every zone).
func zonesInScope(ctx context.Context, svc interface {
	ListZones(ctx context.Context) ([]indicators.Zone, error)
}, zones []string) ([]indicators.Zone, error) {
	all, err := svc.ListZones(ctx)
	if err != nil || zones == nil {
		return all, err
	}
	want := make(map[string]bool, len(zones))
	for _, z := range zones {
		want[z] = true
	}
	var out []indicators.Zone
	for _, z := range all {
		if want[z.Code] {
			out = append(out, z)
		}
	}
	return out, nil
}

func writeZonesCSV(w io.Writer, zones []indicators.Zone) error {
	cw := indicators.NewCSVWriter(w)
	if err := cw.Write(indicators.ZoneColumns); err != nil {
		return err
	}
	for _, z := range zones {
		if err := cw.Write([]string{z.Code, z.NameEn, z.NameZh, z.ParentCode, z.Type}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeMeasurementsCSV writes the values of f with their history.
func writeMeasurementsCSV(ctx context.Context, svc MeasurementSource, w io.Writer, f indicators.MeasurementFilter) error {
	ew, err := NewExportWriter(w, true)
	if err != nil {
		return err
	}
	if err := svc.ExportMeasurements(ctx, f, true, ew.Write); err != nil {
		return err
	}
	return ew.Flush()
}
