package storage

import "context"

// EvidenceCounts counts the stored evidence files and their pieces, for
// the tests that check a file is stored once and a refusal leaves none.
func (s *Store) EvidenceCounts(ctx context.Context) (files, chunks int64, err error) {
	db := s.rdb.WithContext(ctx)
	if err := db.Raw("SELECT COUNT(*) FROM evidence_files").Scan(&files).Error; err != nil {
		return 0, 0, err
	}
	return files, chunks, db.Raw("SELECT COUNT(*) FROM evidence_chunks").Scan(&chunks).Error
}
