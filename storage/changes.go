package storage

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"igmc/indicators"
)

// ListChanges is the changes feed (docs/open-data.md): up to limit audit
// events after the event id after, oldest first, of the zones given (nil:
// every zone), account events only when accounts is true. The trail's ids
// are given out under the lock on its head, so they commit in order and a
// cursor never skips an event that commits later.
func (s *Store) ListChanges(ctx context.Context, after int64, limit int, zones []string, accounts bool) (indicators.ChangesPage, error) {
	if limit <= 0 || limit > indicators.ChangesLimit {
		limit = indicators.ChangesDefault
	}
	page := indicators.ChangesPage{Items: []indicators.Change{}, Next: strconv.FormatInt(after, 10)}
	q := s.reader(ctx).Model(&auditRow{}).
		Select("id, at, entity, entity_id, action, zone_code, new_value").
		Where("id > ?", after)
	if !accounts {
		q = q.Where("entity NOT IN ?", indicators.AccountEntities)
	}
	var rows []auditRow
	if err := inZones(q, zones).Order("id").Limit(limit + 1).Find(&rows).Error; err != nil {
		return page, translate(err, "changes")
	}
	if len(rows) > limit {
		page.More, rows = true, rows[:limit]
	}
	for i := range rows {
		page.Items = append(page.Items, changeOf(&rows[i]))
	}
	if n := len(page.Items); n > 0 {
		page.Next = page.Items[n-1].Cursor
	}
	return page, nil
}

// changeOf reads what the feed shows of an event: a value's event carries
// the value's key, version and status in its new text (ValueEvent), an
// applicability's its indicator at the end of its record.
func changeOf(r *auditRow) indicators.Change {
	c := indicators.Change{Cursor: strconv.FormatInt(r.ID, 10), At: r.At.UTC(), Action: r.Action, Entity: r.Entity, Zone: r.ZoneCode}
	switch r.Entity {
	case "measurement":
		var v indicators.ValueEvent
		if json.Unmarshal([]byte(r.NewValue), &v) == nil && v.Indicator != "" {
			c.Indicator, c.Period, c.Version, c.Status = v.Indicator, v.Period, v.Version, indicators.Status(v.Status)
			if c.Zone == "" {
				c.Zone = v.Zone
			}
		}
	case "applicability":
		if i := strings.LastIndexByte(r.EntityID, '/'); i >= 0 {
			c.Indicator = r.EntityID[i+1:]
		}
	}
	return c
}
