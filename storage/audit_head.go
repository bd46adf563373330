package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"igmc/indicators"
)

// The audit head file. With Options.AuditHeadFile set (IGMC_AUDIT_HEAD_FILE)
// the store writes the trail's head — the last event's id and hash, and the
// time — to that file after every committed change, atomically (a temporary
// file in the same folder, then a rename). A copy of it kept elsewhere (a
// file synced off the machine, a write-once bucket) later shows whether the
// trail was rewritten or cut short: someone who can edit the database can
// rehash every event after the one they changed, and the head row with
// them, but not the copy. `igmc audit verify --head FILE` compares.

// AuditHead is what the head file holds.
type AuditHead struct {
	LastID   int64     `json:"last_id"`
	LastHash string    `json:"last_hash"`
	At       time.Time `json:"at"`
}

// maxHeadFile bounds what ReadAuditHead reads.
const maxHeadFile = 4096

// writeHeadFile records the current head in the head file, if one is set.
// The change has committed already, so a failure is logged, not returned.
// The lock keeps the file from going back to an older head when two
// changes finish together.
func (s *Store) writeHeadFile(ctx context.Context) {
	if s.headFile == "" {
		return
	}
	s.headMu.Lock()
	defer s.headMu.Unlock()
	var h AuditHead
	row := s.db.WithContext(context.WithoutCancel(ctx)).Raw("SELECT last_id, last_hash FROM audit_head WHERE id = 1").Row()
	if err := row.Scan(&h.LastID, &h.LastHash); err != nil {
		s.log.Error("storage: the audit head file was not updated", "file", s.headFile, "err", translate(err, "audit head"))
		return
	}
	h.At = s.Now().UTC()
	if err := writeFileAtomic(s.headFile, h); err != nil {
		s.log.Error("storage: the audit head file was not updated", "file", s.headFile, "err", err)
	}
}

func writeFileAtomic(path string, h AuditHead) error {
	b, err := json.Marshal(h)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".audit-head-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err = f.Write(append(b, '\n')); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
	}
	return err
}

// ReadAuditHead reads a head file written by the store.
func ReadAuditHead(path string) (AuditHead, error) {
	var h AuditHead
	f, err := os.Open(path)
	if err != nil {
		return h, indicators.Errorf(indicators.Invalid, "the audit head file cannot be read: %v", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxHeadFile+1))
	if err != nil {
		return h, indicators.Errorf(indicators.Invalid, "the audit head file cannot be read: %v", err)
	}
	if len(b) > maxHeadFile || json.Unmarshal(b, &h) != nil || h.LastID < 0 || (h.LastID > 0 && len(h.LastHash) != 64) {
		return h, indicators.Errorf(indicators.Invalid, "%s is not an audit head file (a JSON object with last_id, last_hash and at)", path)
	}
	return h, nil
}

// VerifyAuditHead checks the trail as VerifyAudit does and then that it
// still holds the head kept elsewhere: the event it names must be there,
// with the same hash. A trail that was cut short or rewritten fails even
// when it is consistent in itself.
func (s *Store) VerifyAuditHead(ctx context.Context, kept AuditHead) (indicators.VerifyReport, error) {
	rep, err := s.VerifyAudit(ctx)
	if err != nil || !rep.OK || kept.LastID == 0 {
		return rep, err
	}
	var hash string
	var n int64
	tx := s.rdb.WithContext(ctx).Raw("SELECT COUNT(*) FROM audit_events WHERE id = ?", kept.LastID).Scan(&n)
	if tx.Error == nil && n == 1 {
		tx = s.rdb.WithContext(ctx).Raw("SELECT hash FROM audit_events WHERE id = ?", kept.LastID).Scan(&hash)
	}
	if tx.Error != nil {
		return rep, translate(tx.Error, "audit events")
	}
	at := kept.At.UTC().Format(time.RFC3339)
	switch {
	case n == 0:
		rep.OK, rep.EventID = false, kept.LastID
		rep.Problem = fmt.Sprintf("the head kept at %s names event %d, which is no longer in the trail (it ends at %d events): the trail was cut short",
			at, kept.LastID, rep.Events)
	case hash != kept.LastHash:
		rep.OK, rep.EventID = false, kept.LastID
		rep.Problem = fmt.Sprintf("event %d's hash is %.12s…, but the head kept at %s recorded %.12s…: the trail was rewritten up to there",
			kept.LastID, hash, at, kept.LastHash)
	}
	return rep, nil
}
