package reports

import (
	"context"
	"io"
	"strconv"
	"time"

	"igmc/indicators"
)

// EvidenceSource is what the bundle needs of the evidence store: the
// attachments of a framework's values and the bytes of each file.
type EvidenceSource interface {
	EvidenceIndex(ctx context.Context, framework string, zones []string, fn func(*indicators.EvidenceIndexRow) error) error
	CopyEvidence(ctx context.Context, sha string, w io.Writer) error
}

// EvidenceIndexName is the bundle's list of attachments; each file is
// evidence/<sha256>, its bytes as stored.
const EvidenceIndexName = "evidence/index.csv"

// evidenceIndexColumns are the columns of evidence/index.csv.
var evidenceIndexColumns = []string{"zone_code", "indicator_code", "period", "measurement_id", "version", "file", "sha256", "name", "size",
	"content_type", "added_by", "added_at"}

// bundleEvidence lists the evidence of the bundle's values and returns the
// steps that write it: the index (value → files), then each file once,
// under evidence/<sha256>. The list is read first (names and hashes only);
// each file's bytes are streamed into the zip when its step runs. Without
// any attachment there is no step.
func bundleEvidence(ctx context.Context, svc EvidenceSource, framework string, zones []string) ([]bundleStep, error) {
	var rows []indicators.EvidenceIndexRow
	if err := svc.EvidenceIndex(ctx, framework, zones, func(r *indicators.EvidenceIndexRow) error {
		rows = append(rows, *r)
		return nil
	}); err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	steps := []bundleStep{{EvidenceIndexName, func(w io.Writer) error { return writeEvidenceIndex(w, rows) }}}
	seen := map[string]bool{}
	for _, r := range rows {
		sha := r.SHA256
		if seen[sha] {
			continue
		}
		seen[sha] = true
		steps = append(steps, bundleStep{"evidence/" + sha, func(w io.Writer) error { return svc.CopyEvidence(ctx, sha, w) }})
	}
	return steps, nil
}

func writeEvidenceIndex(w io.Writer, rows []indicators.EvidenceIndexRow) error {
	cw := indicators.NewCSVWriter(w)
	if err := cw.Write(evidenceIndexColumns); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write([]string{r.Zone, r.Indicator, r.Period, strconv.FormatInt(r.MeasurementID, 10), strconv.Itoa(r.Version),
			"evidence/" + r.SHA256, r.SHA256, r.Name, strconv.FormatInt(r.Size, 10), r.ContentType, r.AddedBy,
			r.AddedAt.UTC().Format(time.RFC3339)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
