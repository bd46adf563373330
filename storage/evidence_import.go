package storage

import (
	"context"
	"strings"
	"time"

	"igmc/indicators"
)

// The evidence of an import zip (indicators.OpenEvidenceZip). The rows are
// written first by the import's own path, untouched; then, in the same
// transaction, each named file is stored once and the links go in by
// batches of one statement, joined to the values the rows wrote. A plain
// CSV import names no files and runs none of this.

// linkBatch is how many links one statement inserts.
const linkBatch = 200

// storeImportEvidence stores each file the rows name, once.
func (s *Store) storeImportEvidence(ctx context.Context, bt bulkTx, rows []indicators.RowEvidence) error {
	seen := map[string]bool{}
	for i := range rows {
		for j := range rows[i].Files {
			f := &rows[i].Files[j]
			if seen[f.SHA256] {
				continue
			}
			seen[f.SHA256] = true
			if err := s.storeEvidenceFile(ctx, bt, f); err != nil {
				return err
			}
		}
	}
	return nil
}

// importEvidenceFile is one link as the import's audit event records it.
type importEvidenceFile struct {
	Line      int    `json:"line"`
	Zone      string `json:"zone"`
	Indicator string `json:"indicator"`
	Period    string `json:"period"`
	SHA256    string `json:"sha256"`
	Name      string `json:"name"`
}

// linkImportEvidence attaches the rows' files to the values the import
// wrote (or left unchanged), as event eventID, and returns what the event
// records of them.
func (s *Store) linkImportEvidence(ctx context.Context, bt bulkTx, fwID int64, rows []indicators.RowEvidence, by string, eventID int64) ([]importEvidenceFile, error) {
	var out []importEvidenceFile
	for i := range rows {
		r := &rows[i]
		seen := map[string]bool{}
		for _, f := range r.Files {
			if !seen[f.SHA256] {
				seen[f.SHA256] = true
				out = append(out, importEvidenceFile{r.Line, r.Zone, r.Indicator, r.Period, f.SHA256, f.Name})
			}
		}
	}
	now := s.Now().UTC().Truncate(time.Microsecond)
	for start := 0; start < len(out); start += linkBatch {
		part := out[start:min(start+linkBatch, len(out))]
		args := make([]any, 0, 5*len(part)+4)
		vals := make([]string, len(part))
		for k, l := range part {
			vals[k] = "(?, ?, ?, ?, ?)"
			args = append(args, l.Zone, l.Indicator, l.Period, l.SHA256, l.Name)
		}
		args = append(args, by, now, eventID, fwID)
		q := `WITH l (zone, indicator, period, sha, name) AS (VALUES ` + strings.Join(vals, ", ") + `)
			INSERT INTO evidence_links (measurement_id, version, sha256, name, added_by, added_at, audit_event_id)
			SELECT m.id, m.version, l.sha, l.name, ?, ?, ? FROM l
			JOIN zones z ON z.code = l.zone JOIN indicators i ON i.code = l.indicator
			JOIN measurements m ON m.zone_id = z.id AND m.indicator_id = i.id AND m.period = l.period
			WHERE i.framework_id = ?
			ON CONFLICT (measurement_id, sha256) DO NOTHING`
		if err := bt.exec(ctx, q, args...); err != nil {
			return nil, err
		}
	}
	return out, nil
}
