package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"gorm.io/gorm"

	"igmc/indicators"
)

// VerifyAudit checks the whole trail and every value against it, and
// reports the first problem: a broken or missing event, a head that does not
// match the last event, or a version of a value that does not match what
// its event recorded. Read-only; it runs in one transaction so that it sees
// one consistent state.
func (s *Store) VerifyAudit(ctx context.Context) (indicators.VerifyReport, error) {
	rep := indicators.VerifyReport{OK: true, MethodOfHash: HashMethod}
	fail := func(event, measurement int64, format string, args ...any) {
		if rep.OK {
			rep.OK, rep.EventID, rep.Measurement, rep.Problem = false, event, measurement, fmt.Sprintf(format, args...)
		}
	}
	err := s.rdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		digests, err := s.verifyChain(tx, &rep, fail)
		if err != nil || !rep.OK {
			return err
		}
		if err := s.verifyValues(tx, &rep, digests, fail); err != nil || !rep.OK {
			return err
		}
		if err := s.verifyPlans(tx, &rep, fail); err != nil || !rep.OK {
			return err
		}
		return s.verifyEvidence(tx, &rep, fail)
	})
	return rep, err
}

type recorded struct {
	digest   string
	versions int
	// event is the event that recorded them, format its hash format.
	event  int64
	format int
}

func (s *Store) verifyChain(tx *gorm.DB, rep *indicators.VerifyReport, fail func(int64, int64, string, ...any)) (map[int64]recorded, error) {
	rows, err := tx.Model(&auditRow{}).Order("id").Rows()
	if err != nil {
		return nil, translate(err, "audit events")
	}
	defer rows.Close()
	digests := map[int64]recorded{}
	var prevID int64
	prevHash := ""
	for rows.Next() {
		var r auditRow
		if err := tx.ScanRows(rows, &r); err != nil {
			return nil, translate(err, "audit events")
		}
		rep.Events++
		switch {
		case r.ID != prevID+1:
			fail(prevID+1, 0, "event %d is missing from the trail (the next one is %d)", prevID+1, r.ID)
		case r.PrevHash != prevHash:
			fail(r.ID, 0, "event %d does not follow event %d: its previous hash is %.12s…, event %d's hash is %.12s…", r.ID, prevID, r.PrevHash, prevID, prevHash)
		case eventHash(&r) != r.Hash:
			fail(r.ID, 0, "event %d (%s %s %s by %s) was altered: its content no longer matches its hash", r.ID, r.Action, r.Entity, r.EntityID, r.Actor)
		}
		if !rep.OK {
			return nil, nil
		}
		var body struct {
			Digest   string `json:"digest"`
			Versions int    `json:"versions"`
			Tag      int64  `json:"versions_tag"`
			Format   int    `json:"hash_format"`
		}
		if r.NewValue != "" && json.Unmarshal([]byte(r.NewValue), &body) == nil && body.Digest != "" {
			// An import's versions carry its tag instead of its id (see
			// versionsTag); the event says which.
			key := r.ID
			if body.Tag < 0 {
				key = body.Tag
			}
			digests[key] = recorded{body.Digest, body.Versions, r.ID, max(body.Format, 1)}
		}
		prevID, prevHash = r.ID, r.Hash
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err, "audit events")
	}
	var head struct {
		LastID   int64
		LastHash string
	}
	if err := tx.Raw("SELECT last_id, last_hash FROM audit_head WHERE id = 1").Scan(&head).Error; err != nil {
		return nil, translate(err, "audit head")
	}
	if head.LastID != prevID || head.LastHash != prevHash {
		fail(head.LastID, 0, "the trail ends at event %d but its head records event %d: events were removed or added outside the tracker", prevID, head.LastID)
	}
	rep.Head = prevHash
	return digests, nil
}

type group struct {
	hashes [][32]byte
	// first names a version of the group for the report.
	measurement          int64
	zone, indicator, per string
	version              int
	// changed names the first version whose content no longer matches
	// the locator its import stored (see locatorHash).
	changed *group
}

func (s *Store) verifyValues(tx *gorm.DB, rep *indicators.VerifyReport, digests map[int64]recorded, fail func(int64, int64, string, ...any)) error {
	q := `SELECT m.audit_event_id, m.id, z.code, i.code, m.locator_hash, ` + versionColumns + ` FROM measurements m
		JOIN zones z ON z.id = m.zone_id JOIN indicators i ON i.id = m.indicator_id
		UNION ALL SELECT r.audit_event_id, m.id, z.code, i.code, r.locator_hash, ` + revisionVersionColumns + ` FROM measurement_revisions r
		JOIN measurements m ON m.id = r.measurement_id JOIN zones z ON z.id = m.zone_id JOIN indicators i ON i.id = m.indicator_id`
	rows, err := tx.Raw(q).Rows()
	if err != nil {
		return translate(err, "measurements")
	}
	defer rows.Close()
	groups := map[int64]*group{}
	for rows.Next() {
		var (
			ev           *int64
			id           int64
			zcode, icode string
			locator      string
			v            version
		)
		if err := rows.Scan(append([]any{&ev, &id, &zcode, &icode, &locator}, v.scanDest()...)...); err != nil {
			return translate(err, "measurements")
		}
		rep.Values++
		if ev == nil {
			fail(0, id, "measurement %d (%s, %s, %s) version %d was written without an audit event", id, zcode, icode, v.period, v.version)
			continue
		}
		g := groups[*ev]
		if g == nil {
			g = &group{measurement: id, zone: zcode, indicator: icode, per: v.period, version: v.version}
			groups[*ev] = g
		}
		v.format = max(digests[*ev].format, 1)
		g.hashes = append(g.hashes, versionHash(&v))
		if g.changed == nil && locator != "" &&
			locator != locatorHash(v.zoneID, v.indicatorID, v.period, v.value, v.source, v.comment, v.quality, v.explanation) {
			g.changed = &group{measurement: id, zone: zcode, indicator: icode, per: v.period, version: v.version}
		}
	}
	if err := rows.Err(); err != nil {
		return translate(err, "measurements")
	}
	if !rep.OK {
		return nil
	}
	ids := make([]int64, 0, len(digests))
	for id := range digests {
		ids = append(ids, id)
	}
	for id := range groups {
		if _, ok := digests[id]; !ok {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(a, b int) bool { return ids[a] < ids[b] })
	for _, key := range ids {
		g, rec := groups[key], digests[key]
		id := key
		if rec.event != 0 {
			id = rec.event
		}
		switch {
		case rec.digest == "":
			fail(id, g.measurement, "measurement %d (%s, %s, %s) version %d claims event %d, which wrote no values", g.measurement, g.zone, g.indicator, g.per, g.version, id)
		case g == nil:
			fail(id, 0, "the %d value version(s) written by event %d are gone", rec.versions, id)
		case len(g.hashes) == 1 && rec.versions == 1 && digest(g.hashes) != rec.digest:
			fail(id, g.measurement, "measurement %d (%s, %s, %s) version %d does not match what event %d recorded: it was changed outside the tracker", g.measurement, g.zone, g.indicator, g.per, g.version, id)
		case len(g.hashes) != rec.versions:
			fail(id, 0, "event %d wrote %d value version(s) but %d now claim it", id, rec.versions, len(g.hashes))
		case digest(g.hashes) != rec.digest && g.changed != nil:
			c := g.changed
			fail(id, c.measurement, "measurement %d (%s, %s, %s) version %d, one of the %d value versions written by event %d, was changed outside the tracker",
				c.measurement, c.zone, c.indicator, c.per, c.version, rec.versions, id)
		case digest(g.hashes) != rec.digest:
			fail(id, 0, "one or more of the %d value versions written by event %d (for example measurement %d: %s, %s, %s) were changed outside the tracker", rec.versions, id, g.measurement, g.zone, g.indicator, g.per)
		}
		if !rep.OK {
			break
		}
	}
	return nil
}
