package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"time"

	"gorm.io/gorm"

	"igmc/indicators"
)

// Evidence files (SPEC §9). The bytes of a file are kept once per SHA-256
// in evidence_chunks, in pieces of evidenceChunk bytes, so that writing,
// serving and checking a file never holds more than one piece of it;
// evidence_links attaches a file to a value. Attaching is an audited event
// on the value that lists the files by hash; a download is an audited
// event on the file.

// evidenceChunk is the size of one stored piece of a file.
const evidenceChunk = 1 << 20

// evidenceLink is a row of evidence_links joined to its file.
type evidenceLink struct {
	SHA256        string
	Name          string
	Size          int64
	ContentType   string
	MeasurementID int64
	Version       int
	AddedBy       string
	AddedAt       time.Time
	// Zone is the value's zone, where a query asks for it.
	Zone string
}

func (l *evidenceLink) domain() indicators.Evidence {
	return indicators.Evidence{SHA256: l.SHA256, Name: l.Name, Size: l.Size, ContentType: l.ContentType,
		MeasurementID: l.MeasurementID, Version: l.Version, AddedBy: l.AddedBy, AddedAt: l.AddedAt.UTC()}
}

const evidenceLinkSelect = `SELECT l.sha256, l.name, f.size, f.content_type, l.measurement_id, l.version, l.added_by, l.added_at
	FROM evidence_links l JOIN evidence_files f ON f.sha256 = l.sha256`

// AttachEvidence attaches files to value id, all or none: each file's
// bytes are stored unless a file of the same SHA-256 already is, and one
// audit event on the value records the files by hash. A file already
// attached to the value is not attached twice. Who may change the value
// (its zone's officer, an administrator) may attach to it, while its
// reporting period is open.
func (s *Store) AttachEvidence(ctx context.Context, id int64, files []indicators.EvidenceFile, p *indicators.Principal) ([]indicators.Evidence, error) {
	var out []indicators.Evidence
	if len(files) == 0 {
		return out, indicators.Errorf(indicators.Invalid, "no file was sent: attach at least one")
	}
	if len(files) > indicators.MaxEvidencePerRequest {
		return out, indicators.Errorf(indicators.Invalid, "%d files were sent: at most %d may be attached at once", len(files), indicators.MaxEvidencePerRequest)
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		scoresUnchanged(tx)
		row, _, err := s.loadForChange(tx, id, p, indicators.ActionEnter)
		if err != nil {
			return err
		}
		var codes struct{ Zone, Indicator string }
		if err := tx.Raw("SELECT z.code AS zone, i.code AS indicator FROM zones z, indicators i WHERE z.id = ? AND i.id = ?",
			row.ZoneID, row.IndicatorID).Scan(&codes).Error; err != nil {
			return translate(err, "measurement")
		}
		ev := indicators.EvidenceEvent{Zone: codes.Zone, Indicator: codes.Indicator, Period: row.Period, Version: row.Version}
		seen := map[string]bool{}
		for i := range files {
			f := &files[i]
			if seen[f.SHA256] {
				continue
			}
			seen[f.SHA256] = true
			if err := s.storeEvidenceFile(tx.Statement.Context, gormTx{tx}, f); err != nil {
				return err
			}
			ev.Files = append(ev.Files, indicators.EvidenceEventFile{SHA256: f.SHA256, Name: f.Name, Size: f.Size, ContentType: f.ContentType})
		}
		now := s.Now().UTC().Truncate(time.Microsecond)
		_, err = s.auditG(tx, func(eventID int64) (event, error) {
			for _, f := range ev.Files {
				if err := tx.Exec(`INSERT INTO evidence_links (measurement_id, version, sha256, name, added_by, added_at, audit_event_id)
					VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (measurement_id, sha256) DO NOTHING`,
					row.ID, row.Version, f.SHA256, f.Name, p.Email, now, eventID).Error; err != nil {
					return event{}, translate(err, "evidence link")
				}
			}
			return event{actor: p.Email, entity: "measurement", entityID: fmt.Sprint(row.ID), action: "attach_evidence", zone: codes.Zone, new: ev}, nil
		})
		if err != nil {
			return err
		}
		out, err = evidenceOf(tx, []int64{row.ID})
		return err
	})
	return out, err
}

// storeEvidenceFile writes a file's bytes unless a file of its hash is
// stored already. The bytes are hashed again as they are written: a copy
// that changed since it was hashed is refused.
// It runs on either path: a GORM transaction or the import's.
func (s *Store) storeEvidenceFile(ctx context.Context, tx sqlTx, f *indicators.EvidenceFile) error {
	var have int64
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM evidence_files WHERE sha256 = ?", []any{f.SHA256}, &have); err != nil {
		return err
	}
	if have > 0 {
		return nil
	}
	// Another writer may store the same file meanwhile: then these rows
	// wait for it and add nothing.
	if err := tx.exec(ctx, `INSERT INTO evidence_files (sha256, size, content_type, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
		f.SHA256, f.Size, f.ContentType, s.Now().UTC().Truncate(time.Microsecond)); err != nil {
		return err
	}
	body, err := f.Body()
	if err != nil {
		return fmt.Errorf("storage: open evidence %s: %w", f.Name, err)
	}
	defer body.Close()
	if _, err := body.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("storage: rewind evidence %s: %w", f.Name, err)
	}
	h := sha256.New()
	buf := make([]byte, evidenceChunk)
	var size int64
	for seq := 0; ; seq++ {
		n, err := io.ReadFull(body, buf)
		if n > 0 {
			h.Write(buf[:n])
			size += int64(n)
			if err := tx.exec(ctx, "INSERT INTO evidence_chunks (sha256, seq, data) VALUES (?, ?, ?) ON CONFLICT (sha256, seq) DO NOTHING",
				f.SHA256, seq, buf[:n]); err != nil {
				return err
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return fmt.Errorf("storage: read evidence %s: %w", f.Name, err)
		}
	}
	if hex.EncodeToString(h.Sum(nil)) != f.SHA256 || size != f.Size {
		return fmt.Errorf("storage: evidence %s changed between its hash and its storing", f.Name)
	}
	return nil
}

// ListEvidence returns the files attached to value id, oldest first.
func (s *Store) ListEvidence(ctx context.Context, id int64) ([]indicators.Evidence, error) {
	return evidenceOf(s.reader(ctx), []int64{id})
}

// EvidenceOf returns the files attached to each of the values ids, for the
// pages that show them beside the values.
func (s *Store) EvidenceOf(ctx context.Context, ids []int64) (map[int64][]indicators.Evidence, error) {
	out := map[int64][]indicators.Evidence{}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		list, err := evidenceOf(s.reader(ctx), ids[:n])
		if err != nil {
			return nil, err
		}
		for _, e := range list {
			out[e.MeasurementID] = append(out[e.MeasurementID], e)
		}
		ids = ids[n:]
	}
	return out, nil
}

func evidenceOf(tx *gorm.DB, ids []int64) ([]indicators.Evidence, error) {
	var rows []evidenceLink
	if err := tx.Raw(evidenceLinkSelect+" WHERE l.measurement_id IN ? ORDER BY l.measurement_id, l.id", ids).Scan(&rows).Error; err != nil {
		return nil, translate(err, "evidence")
	}
	out := make([]indicators.Evidence, 0, len(rows))
	for i := range rows {
		out = append(out, rows[i].domain())
	}
	return out, nil
}

// DownloadEvidence serves the file of hash sha to p, who must be able to
// read a value it is attached to: it records the download as an audit
// event (who, which file, through which zone), then calls open with the
// file's description and streams the bytes to the writer it returns, one
// piece at a time. A file attached only to values of other zones is
// forbidden; an unknown hash is not found.
func (s *Store) DownloadEvidence(ctx context.Context, sha string, p *indicators.Principal, open func(indicators.Evidence) (io.Writer, error)) error {
	if _, err := indicators.ParseSHA256(sha); err != nil {
		return err
	}
	var file indicators.Evidence
	err := s.write(ctx, func(tx *gorm.DB) error {
		scoresUnchanged(tx)
		var links []evidenceLink
		if err := tx.Raw(`SELECT l.sha256, l.name, f.size, f.content_type, l.measurement_id, l.version, l.added_by, l.added_at, z.code AS zone
			FROM evidence_links l JOIN evidence_files f ON f.sha256 = l.sha256
			JOIN measurements m ON m.id = l.measurement_id JOIN zones z ON z.id = m.zone_id
			WHERE l.sha256 = ? ORDER BY l.id`, sha).Scan(&links).Error; err != nil {
			return translate(err, "evidence")
		}
		if len(links) == 0 {
			return indicators.Errorf(indicators.NotFound, "no evidence file %s", sha)
		}
		k := -1
		for i := range links {
			if p.InScope(links[i].Zone) {
				k = i
				break
			}
		}
		if k < 0 {
			return indicators.Errorf(indicators.Forbidden, "the evidence file %s is attached to no value of your zones", sha)
		}
		file = links[k].domain()
		_, err := s.auditG(tx, func(int64) (event, error) {
			return event{actor: p.Email, entity: "evidence", entityID: sha, action: "download", zone: links[k].Zone,
				new: map[string]any{"sha256": sha, "name": file.Name, "measurement_id": file.MeasurementID}}, nil
		})
		return err
	})
	if err != nil {
		return err
	}
	w, err := open(file)
	if err != nil {
		return err
	}
	return s.streamEvidence(ctx, sha, w)
}

// streamEvidence copies a stored file's pieces to w in order.
func (s *Store) streamEvidence(ctx context.Context, sha string, w io.Writer) error {
	rows, err := s.rdb.WithContext(ctx).Raw("SELECT data FROM evidence_chunks WHERE sha256 = ? ORDER BY seq", sha).Rows()
	if err != nil {
		return translate(err, "evidence file")
	}
	defer rows.Close()
	var data []byte
	for rows.Next() {
		if err := rows.Scan(&data); err != nil {
			return translate(err, "evidence file")
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	return translate(rows.Err(), "evidence file")
}

// EvidenceOfZone returns the files attached to a zone's values of a
// framework, by indicator code and year, for the scorecard's rows.
func (s *Store) EvidenceOfZone(ctx context.Context, framework, zone string) (map[string]map[int][]indicators.Evidence, error) {
	rows, err := s.reader(ctx).Raw(`SELECT l.sha256, l.name, f.size, f.content_type, l.measurement_id, l.version, l.added_by, l.added_at,
		i.code AS indicator, m.year
		FROM evidence_links l JOIN evidence_files f ON f.sha256 = l.sha256 JOIN measurements m ON m.id = l.measurement_id
		JOIN zones z ON z.id = m.zone_id JOIN indicators i ON i.id = m.indicator_id JOIN frameworks fw ON fw.id = i.framework_id
		WHERE z.code = ? AND fw.code = ? ORDER BY m.period, l.id`, zone, framework).Rows()
	if err != nil {
		return nil, translate(err, "evidence")
	}
	defer rows.Close()
	out := map[string]map[int][]indicators.Evidence{}
	for rows.Next() {
		var (
			l         evidenceLink
			indicator string
			year      int
		)
		if err := rows.Scan(&l.SHA256, &l.Name, &l.Size, &l.ContentType, &l.MeasurementID, &l.Version, &l.AddedBy, &l.AddedAt, &indicator, &year); err != nil {
			return nil, translate(err, "evidence")
		}
		if out[indicator] == nil {
			out[indicator] = map[int][]indicators.Evidence{}
		}
		out[indicator][year] = append(out[indicator][year], l.domain())
	}
	return out, translate(rows.Err(), "evidence")
}

// EvidenceIndex streams, for the bundle, every attachment of a file to a
// value of framework in the zones given (nil: every zone), ordered by
// zone, indicator, period and attachment.
func (s *Store) EvidenceIndex(ctx context.Context, framework string, zones []string, fn func(*indicators.EvidenceIndexRow) error) error {
	q := s.reader(ctx).Table("evidence_links l").
		Select(`z.code, i.code, m.period, l.measurement_id, l.version, l.sha256, l.name, f.size, f.content_type, l.added_by, l.added_at`).
		Joins("JOIN evidence_files f ON f.sha256 = l.sha256").Joins("JOIN measurements m ON m.id = l.measurement_id").
		Joins("JOIN zones z ON z.id = m.zone_id").Joins("JOIN indicators i ON i.id = m.indicator_id").
		Joins("JOIN frameworks fw ON fw.id = i.framework_id").Where("fw.code = ?", framework)
	if zones != nil {
		if len(zones) == 0 {
			return nil
		}
		q = q.Where("z.code IN ?", zones)
	}
	rows, err := q.Order("z.code, i.code, m.period, l.id").Rows()
	if err != nil {
		return translate(err, "evidence")
	}
	defer rows.Close()
	for rows.Next() {
		var r indicators.EvidenceIndexRow
		e := &r.Evidence
		if err := rows.Scan(&r.Zone, &r.Indicator, &r.Period, &e.MeasurementID, &e.Version, &e.SHA256, &e.Name, &e.Size, &e.ContentType,
			&e.AddedBy, &e.AddedAt); err != nil {
			return translate(err, "evidence")
		}
		e.AddedAt = e.AddedAt.UTC()
		if err := fn(&r); err != nil {
			return err
		}
	}
	return translate(rows.Err(), "evidence")
}

// CopyEvidence writes the stored bytes of file sha to w, one piece at a
// time, for the bundle (whose download is audited as a whole).
func (s *Store) CopyEvidence(ctx context.Context, sha string, w io.Writer) error {
	return s.streamEvidence(ctx, sha, w)
}
