package storage

import (
	"strings"
	"sync"

	"gorm.io/gorm"

	"igmc/indicators"
	"igmc/scoring"
)

// scoringOptions is the one place that says what scores a zone besides its
// values: the zone's own plan (official basis: its highest adopted
// version; working basis: its highest version) and the indicators that do
// not apply to it — those its type leaves out, with the reason
// indicators.ZoneTypeReason, and those it marked not applicable, once
// approved (official basis) or while awaiting review too (working basis).
// The scorecard, the series and the ranking all score through it. It reads
// the plans and the marks of all the zones given in one query each, so a
// ranking costs two queries more, not two per zone.
func (s *Store) scoringOptions(tx *gorm.DB, fe *frameworkEntry, zones []zoneRow, year int, basis scoring.Basis) (map[int64]scoring.Options, error) {
	out := make(map[int64]scoring.Options, len(zones))
	if len(zones) == 0 {
		return out, nil
	}
	for _, z := range zones {
		o := scoring.Options{Zone: z.Code, Year: year, Basis: basis}
		for code, types := range fe.appliesTo {
			if !indicators.AppliesTo(types, z.ZoneType) {
				if o.NotApplicable == nil {
					o.NotApplicable = map[string]string{}
				}
				o.NotApplicable[code] = indicators.ZoneTypeReason(z.ZoneType)
			}
		}
		out[z.ID] = o
	}
	// One zone: filter by it; many (a ranking): read every zone's.
	zoneFilter, args := "", []any{}
	if len(zones) == 1 {
		zoneFilter, args = " AND zone_id = ?", []any{zones[0].ID}
	}
	adopted := ""
	if basis == scoring.BasisOfficial {
		adopted = " AND adopt_event_id IS NOT NULL"
	}
	// Which version of each zone's plan counts; a version never changes
	// once written, so its decoded lines are kept (planCache) and only the
	// versions not seen before are read and decoded.
	latest := `SELECT zone_id, MAX(version) AS version FROM plan_versions WHERE framework_id = ?` + adopted + zoneFilter + ` GROUP BY zone_id`
	var versions []struct {
		ZoneID  int64
		Version int
	}
	if err := tx.Raw(latest, append([]any{fe.id}, args...)...).Scan(&versions).Error; err != nil {
		return nil, translate(err, "plans")
	}
	missing := 0
	for _, v := range versions {
		o, ok := out[v.ZoneID]
		if !ok {
			continue // a zone not scored here
		}
		if plans, ok := s.plans.get(planKey{fe, v.ZoneID, v.Version}); ok {
			if len(plans) > 0 {
				o.Plans = plans
				out[v.ZoneID] = o
			}
			continue
		}
		missing++
	}
	if missing == 0 {
		return s.withMarks(tx, fe, zones, basis, out)
	}
	rows, err := tx.Raw(`SELECT v.zone_id, v.version, v.lines FROM plan_versions v
		JOIN (`+latest+`) l ON l.zone_id = v.zone_id AND l.version = v.version
		WHERE v.framework_id = ?`, append(append([]any{fe.id}, args...), fe.id)...).Rows()
	if err != nil {
		return nil, translate(err, "plans")
	}
	defer rows.Close()
	var (
		zid     int64
		version int
		text    string
	)
	for rows.Next() {
		if err := rows.Scan(&zid, &version, &text); err != nil {
			return nil, translate(err, "plans")
		}
		o, ok := out[zid]
		if !ok || o.Plans != nil {
			continue // a zone not scored here, or its plan known already
		}
		plans := make(map[string]scoring.PlanLine, strings.Count(text, ",b,"))
		err := decodePlans(text, func(indicator int64, l scoring.PlanLine) {
			// An indicator since removed from the catalogue has no code.
			if code := fe.code[indicator]; code != "" && l.TargetYear > l.BaselineYear {
				plans[code] = l
			}
		})
		if err != nil {
			return nil, &indicators.Error{Code: indicators.Internal, Message: "internal error", Err: err}
		}
		s.plans.put(planKey{fe, zid, version}, plans)
		if len(plans) > 0 {
			o.Plans = plans
			out[zid] = o
		}
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err, "plans")
	}
	return s.withMarks(tx, fe, zones, basis, out)
}

// withMarks adds to each zone's options the indicators it marked not
// applicable: approved marks on the official basis, marks awaiting review
// too on the working basis.
func (s *Store) withMarks(tx *gorm.DB, fe *frameworkEntry, zones []zoneRow, basis scoring.Basis, out map[int64]scoring.Options) (map[int64]scoring.Options, error) {
	statuses := []string{string(indicators.Approved)}
	if basis == scoring.BasisWorking {
		statuses = append(statuses, string(indicators.Submitted))
	}
	var marks []applicabilityRow
	q := tx.Select("zone_id, indicator_id, reason").Where("indicator_id IN ? AND status IN ?", idsOf(fe), statuses)
	if len(zones) == 1 {
		q = q.Where("zone_id = ?", zones[0].ID)
	}
	if err := q.Find(&marks).Error; err != nil {
		return nil, translate(err, "applicability")
	}
	for _, m := range marks {
		o, ok := out[m.ZoneID]
		code := fe.code[m.IndicatorID]
		if !ok || code == "" {
			continue
		}
		if o.NotApplicable == nil {
			o.NotApplicable = map[string]string{}
		}
		if _, byType := o.NotApplicable[code]; !byType {
			o.NotApplicable[code] = m.Reason
		}
		out[m.ZoneID] = o
	}
	return out, nil
}

// planKey names one version of a zone's plan as decoded against one
// catalogue (a frameworkEntry, replaced whenever the catalogue changes).
type planKey struct {
	fe      *frameworkEntry
	zone    int64
	version int
}

// planCache keeps decoded plan versions. A version is never rewritten
// (a change is a new version), so an entry is never stale; the map is
// emptied when it grows past planCacheSize.
type planCache struct {
	mu sync.Mutex
	m  map[planKey]map[string]scoring.PlanLine
}

const planCacheSize = 20000

// get returns a version's decoded lines. They are shared: callers must not
// modify them.
func (c *planCache) get(k planKey) (map[string]scoring.PlanLine, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.m[k]
	return p, ok
}

func (c *planCache) put(k planKey, p map[string]scoring.PlanLine) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= planCacheSize {
		c.m = make(map[planKey]map[string]scoring.PlanLine)
	}
	c.m[k] = p
}
