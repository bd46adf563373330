package storage

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"

	"gorm.io/gorm"

	"igmc/indicators"
)

// verifyEvidence hashes every stored evidence file again, piece by piece
// as the rows come, and fails on the first whose bytes no longer match
// the SHA-256 it is stored under (or its size), naming a value it is
// attached to.
func (s *Store) verifyEvidence(tx *gorm.DB, rep *indicators.VerifyReport, fail func(int64, int64, string, ...any)) error {
	rows, err := tx.Raw(`SELECT f.sha256, f.size, c.data FROM evidence_files f
		LEFT JOIN evidence_chunks c ON c.sha256 = f.sha256 ORDER BY f.sha256, c.seq`).Rows()
	if err != nil {
		return translate(err, "evidence files")
	}
	defer rows.Close()
	var (
		cur, bad string
		want, n  int64
		h        hash.Hash
	)
	done := func() {
		if cur == "" || bad != "" {
			return
		}
		rep.Evidence++
		if got := hex.EncodeToString(h.Sum(nil)); got != cur || n != want {
			bad = cur
		}
	}
	for rows.Next() {
		var (
			sha  string
			size int64
			data []byte
		)
		if err := rows.Scan(&sha, &size, &data); err != nil {
			return translate(err, "evidence files")
		}
		if sha != cur {
			done()
			if bad != "" {
				break
			}
			cur, want, n, h = sha, size, 0, sha256.New()
		}
		h.Write(data)
		n += int64(len(data))
	}
	if err := rows.Err(); err != nil {
		return translate(err, "evidence files")
	}
	done()
	if bad == "" {
		return nil
	}
	var at struct {
		MeasurementID int64
		Name, Zone    string
		Indicator     string
		Period        string
		AuditEventID  int64
	}
	if err := tx.Raw(`SELECT l.measurement_id, l.name, z.code AS zone, i.code AS indicator, m.period, l.audit_event_id
		FROM evidence_links l JOIN measurements m ON m.id = l.measurement_id JOIN zones z ON z.id = m.zone_id
		JOIN indicators i ON i.id = m.indicator_id WHERE l.sha256 = ? ORDER BY l.id LIMIT 1`, bad).Scan(&at).Error; err != nil {
		return translate(err, "evidence links")
	}
	if at.MeasurementID == 0 {
		fail(0, 0, "the stored evidence file %s no longer matches its SHA-256: its bytes were changed outside the tracker", bad)
		return nil
	}
	fail(at.AuditEventID, at.MeasurementID, "the evidence file %q (%s) of measurement %d (%s, %s, %s) no longer matches its SHA-256: its bytes were changed outside the tracker",
		at.Name, bad, at.MeasurementID, at.Zone, at.Indicator, at.Period)
	return nil
}
