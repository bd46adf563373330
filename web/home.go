package web

import (
	"context"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/scoring"
)

// homeZoneCap is how many zones the home page details; an administrator
// with more finds the rest on the comparison page.
const homeZoneCap = 20

// homeRejectedCap is how many rejected values the home page lists.
const homeRejectedCap = 50

// homeZone is one zone's line on the home page.
type homeZone struct {
	Zone indicators.Zone
	// Card is the official scorecard of the year, nil when it cannot be
	// computed (a catalogue that cannot be scored).
	Card *scoring.Card
	// Missing counts the indicators without any value in the year, of
	// Total; Drafts the zone's values still in draft, of every year.
	Missing, Total int
	Drafts         int64
}

// homeRejected is a rejected value with where to correct it.
type homeRejected struct {
	M    indicators.Measurement
	Ind  indicators.Indicator
	Link string
}

type homeData struct {
	Framework  string
	Frameworks []indicators.Framework
	Year       int
	Zones      []homeZone
	// More counts the zones in scope beyond those shown.
	More           int
	Edit, Review   bool
	Rejected       []homeRejected
	RejectedTotal  int64
	Queue          int64
	ZoneLinkSuffix string
	// HasData says whether the framework has any value yet (Year is then
	// the latest year with one); NoZones that no zone exists at all, and
	// Admin that the user may set things up.
	HasData, NoZones, Admin bool
}

// home serves GET /: for a visitor, what the tracker is and the way to
// sign in; signed in, what needs the user's attention — for officers the
// values missing, rejected or still in draft in their zones, for reviewers
// the size of the review queue — and every zone's latest scorecard.
func (s *Server) home(c *gin.Context) {
	p := principalOf(c)
	if p == nil {
		s.render(c, 200, "home", "home", nil)
		return
	}
	ctx := c.Request.Context()
	fw := pageFramework(c)
	fws, err := s.svc.ListFrameworks(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	all, err := s.svc.ListZones(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	zones := visible(p, all, func(z *indicators.Zone) string { return z.Code })
	d := &homeData{Framework: fw, Frameworks: fws,
		Edit: Allowed(p.Role, PermEdit), Review: Allowed(p.Role, PermReview), Admin: Allowed(p.Role, PermAdmin), NoZones: len(all) == 0}
	d.Year, d.HasData = s.latestYear(ctx, fw)
	d.ZoneLinkSuffix = "?" + url.Values{"framework": {fw}, "year": {strconv.Itoa(d.Year)}}.Encode()
	if len(zones) > homeZoneCap {
		d.More, zones = len(zones)-homeZoneCap, zones[:homeZoneCap]
	}
	pending, err := s.svc.PendingCounts(ctx, fw)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, z := range zones {
		hz, err := s.homeZone(ctx, fw, z, d.Year, d.Edit, pending[z.Code][indicators.Draft])
		if err != nil {
			s.fail(c, err)
			return
		}
		d.Zones = append(d.Zones, hz)
	}
	// The counts of the user's zones (all zones, not only those shown).
	var rejected int64
	for zone, n := range pending {
		if p.InScope(zone) {
			rejected += n[indicators.Rejected]
			d.Queue += n[indicators.Submitted]
		}
	}
	if d.Edit && rejected > 0 {
		if err := s.homeRejected(ctx, p, d); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.render(c, 200, "home", "home", d)
}

// homeZone reads one zone's scorecard and, for an editor, what is missing
// or in draft. Scorecards come from the store's cache.
func (s *Server) homeZone(ctx context.Context, fw string, z indicators.Zone, year int, edit bool, drafts int64) (homeZone, error) {
	hz := homeZone{Zone: z}
	card, err := s.svc.Scorecard(ctx, fw, z.Code, year, scoring.BasisOfficial)
	switch code := indicators.CodeOf(err); {
	case err == nil:
		hz.Card = &card
	case code == indicators.Internal:
		return hz, err
	default:
		return hz, nil // not scorable: the page says so
	}
	if !edit {
		return hz, nil
	}
	working, err := s.svc.Scorecard(ctx, fw, z.Code, year, scoring.BasisWorking)
	if err != nil {
		return hz, err
	}
	for _, ic := range working.Indicators {
		if !ic.Applicable {
			continue // not the zone's to report: never missing
		}
		hz.Total++
		if ic.Year == nil || *ic.Year != year {
			hz.Missing++
		}
	}
	hz.Drafts = drafts
	return hz, nil
}

// homeRejected lists the rejected values in scope, of every year: each
// one waits on the officer whatever its year.
func (s *Server) homeRejected(ctx context.Context, p *indicators.Principal, d *homeData) error {
	page, err := s.svc.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: d.Framework, Status: indicators.Rejected,
		Zones: p.ScopeCodes(), Limit: homeRejectedCap})
	if err != nil || page.Total == 0 {
		return err
	}
	cat, err := s.svc.Catalogue(ctx, d.Framework)
	if err != nil {
		return err
	}
	byCode := make(map[string]indicators.Indicator, len(cat.Indicators))
	for _, ind := range cat.Indicators {
		byCode[ind.Code] = ind
	}
	d.RejectedTotal = page.Total
	for _, m := range page.Items {
		r := homeRejected{M: m, Ind: byCode[m.IndicatorCode], Link: "/import"}
		if _, err := indicators.ParsePeriod(m.Period); err == nil {
			// The year's form has a field for every period of it, and
			// the link lands on the value's row.
			r.Link = entryRowLink(d.Framework, m)
		}
		d.Rejected = append(d.Rejected, r)
	}
	return nil
}
