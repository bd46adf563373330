package storage

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"

	"gorm.io/gorm"

	"igmc/indicators"
)

// fieldsHash is the SHA-256 of fields, each length-prefixed ("len:value;").
func fieldsHash(fields []string) string {
	h := sha256.New()
	for _, f := range fields {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// verifyPlans checks every plan version against the events that wrote
// and adopted it: each event records the version's digest (planHash), so
// a version, an entry or an adoption changed in the database no longer
// matches, an adoption without its event shows, and so does an event
// whose version is gone. The chain itself is checked before.
func (s *Store) verifyPlans(tx *gorm.DB, rep *indicators.VerifyReport, fail func(int64, int64, string, ...any)) error {
	var evs []auditRow
	if err := tx.Where("entity = ?", "plan").Order("id").Find(&evs).Error; err != nil {
		return translate(err, "audit events")
	}
	bodies := make(map[int64]planEvent, len(evs))
	for _, e := range evs {
		var b planEvent
		if json.Unmarshal([]byte(e.NewValue), &b) == nil {
			bodies[e.ID] = b
		}
	}
	var versions []planVersionRow
	if err := tx.Order("id").Find(&versions).Error; err != nil {
		return translate(err, "plan versions")
	}
	var entries []planEntryRow
	if err := tx.Find(&entries).Error; err != nil {
		return translate(err, "plan entries")
	}
	byVersion := map[int64][]planEntryRow{}
	for _, e := range entries {
		e2 := e
		e2.PlanVersionID = 0
		byVersion[e.PlanVersionID] = append(byVersion[e.PlanVersionID], e2)
	}
	used := map[int64]bool{}
	check := func(v *planVersionRow, ev *int64, adopted bool, what string) {
		if ev == nil {
			fail(0, 0, "plan version %d (version %d of zone id %d) was %s without an audit event", v.ID, v.Version, v.ZoneID, what)
			return
		}
		used[*ev] = true
		b, ok := bodies[*ev]
		switch {
		case !ok || b.VersionID != v.ID:
			fail(*ev, 0, "plan version %d claims event %d, which did not record it", v.ID, *ev)
		case b.Digest != planHash(v, byVersion[v.ID], adopted):
			fail(*ev, 0, "version %d of the plan of zone %s does not match what event %d recorded when it was %s: it was changed outside the tracker", v.Version, b.Zone, *ev, what)
		}
	}
	for i := range versions {
		v := &versions[i]
		rep.Plans++
		check(v, v.AuditEventID, false, "written")
		if rep.OK {
			es := slices.Clone(byVersion[v.ID])
			sortEntryRows(es)
			if encodeLines(es) != v.Lines {
				fail(0, 0, "version %d of the plan of zone id %d no longer matches its entries: it was changed outside the tracker", v.Version, v.ZoneID)
			}
		}
		adopted := v.AdoptedBy != "" || v.AdoptComment != "" || v.AdoptedAt != nil
		if adopted || v.AdoptEventID != nil {
			check(v, v.AdoptEventID, true, "adopted")
		}
		if !rep.OK {
			return nil
		}
	}
	for _, e := range evs {
		if _, ok := bodies[e.ID]; ok && (e.Action == "save" || e.Action == "adopt") && !used[e.ID] {
			fail(e.ID, 0, "the plan version recorded by event %d (%s of %s) is gone or no longer refers to it", e.ID, e.Action, e.EntityID)
			return nil
		}
	}
	return nil
}
