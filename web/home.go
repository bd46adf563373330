package web

import (
	"context"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/scoring"
)

// homeZoneCap is how many zones the home page details; an administrator
// with more finds the rest on the comparison page.
const homeZoneCap = 20

// homeRejectedCap is how many rejected values the home page lists, and
// how many of the officer's values waiting for review.
const homeRejectedCap = 50

// homeMissingCap is how many missing indicators a zone's line names; the
// zone's form has the rest.
const homeMissingCap = 12

// homeMissing is an indicator without a value in the year, with the row of
// the zone's form to enter it.
type homeMissing struct {
	Ind  indicators.Indicator
	Link string
}

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
	// MissingList names the first homeMissingCap missing indicators.
	MissingList []homeMissing
	// Of the official card: Approved indicators have an approved value of
	// the year itself, Carried one of an earlier year (CarriedFrom, latest
	// first), of Applicable.
	Approved, Carried, Applicable int
	CarriedFrom                   []int
	// Entry is the zone's form for the year.
	Entry string
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
	More          int
	Edit, Review  bool
	Rejected      []homeRejected
	RejectedTotal int64
	// Waiting are the user's own values awaiting review, of WaitingTotal.
	Waiting      []homeRejected
	WaitingTotal int64
	// Carried says whether any zone's official card uses figures of an
	// earlier year.
	Carried        bool
	Queue          int64
	ZoneLinkSuffix string
	// HasData says whether the framework has any value yet (Year is then
	// the latest year with one); NoZones that no zone exists at all, and
	// Admin that the user may set things up.
	HasData, NoZones, Admin bool
	// Due lists the years of the reporting calendar still due or overdue;
	// FollowUps the open follow-ups of an officer's zones.
	Due       []homeDue
	FollowUps []homeFollowUp
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
	byCode, err := s.indicatorsByCode(ctx, fw)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, z := range zones {
		hz, err := s.homeZone(ctx, fw, z, d.Year, d.Edit, pending[z.Code][indicators.Draft], byCode)
		if err != nil {
			s.fail(c, err)
			return
		}
		d.Carried = d.Carried || hz.Carried > 0
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
		d.Rejected, d.RejectedTotal, err = s.homeValues(ctx, p, d.Framework, indicators.MeasurementFilter{Status: indicators.Rejected}, byCode)
		if err != nil {
			s.fail(c, err)
			return
		}
	}
	if d.Edit && d.Queue > 0 {
		d.Waiting, d.WaitingTotal, err = s.homeValues(ctx, p, d.Framework, indicators.MeasurementFilter{Status: indicators.Submitted, EnteredBy: p.Email}, byCode)
		if err != nil {
			s.fail(c, err)
			return
		}
	}
	if d.Due, err = s.homeCalendar(ctx, fw, time.Now()); err == nil && d.Edit {
		d.FollowUps, err = s.homeFollowUps(ctx, p, byCode)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, 200, "home", "home", d)
}

// indicatorsByCode is the framework's catalogue by indicator code.
func (s *Server) indicatorsByCode(ctx context.Context, fw string) (map[string]indicators.Indicator, error) {
	cat, err := s.svc.Catalogue(ctx, fw)
	if err != nil {
		return nil, err
	}
	byCode := make(map[string]indicators.Indicator, len(cat.Indicators))
	for _, ind := range cat.Indicators {
		byCode[ind.Code] = ind
	}
	return byCode, nil
}

// entryLink is the zone's form for year, at the row of indicator when one
// is given (the form's rows are #m-<code>).
func entryLink(zone, framework string, year int, indicator string) string {
	l := "/zones/" + url.PathEscape(zone) + "/entry?" + url.Values{"framework": {framework}, "year": {strconv.Itoa(year)}}.Encode()
	if indicator != "" {
		l += "#m-" + url.PathEscape(indicator)
	}
	return l
}

// homeZone reads one zone's scorecard and, for an editor, what is missing
// or in draft. Scorecards come from the store's cache.
func (s *Server) homeZone(ctx context.Context, fw string, z indicators.Zone, year int, edit bool, drafts int64, byCode map[string]indicators.Indicator) (homeZone, error) {
	hz := homeZone{Zone: z, Entry: entryLink(z.Code, fw, year, "")}
	card, err := s.svc.Scorecard(ctx, fw, z.Code, year, scoring.BasisOfficial)
	switch code := indicators.CodeOf(err); {
	case err == nil:
		hz.Card = &card
	case code == indicators.Internal:
		return hz, err
	default:
		return hz, nil // not scorable: the page says so
	}
	for _, ic := range card.Indicators {
		if !ic.Applicable {
			continue
		}
		hz.Applicable++
		switch {
		case ic.Year == nil:
		case *ic.Year == year:
			hz.Approved++
		default:
			hz.Carried++
			if !slices.Contains(hz.CarriedFrom, *ic.Year) {
				hz.CarriedFrom = append(hz.CarriedFrom, *ic.Year)
			}
		}
	}
	slices.SortFunc(hz.CarriedFrom, func(a, b int) int { return b - a })
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
			if len(hz.MissingList) < homeMissingCap {
				hz.MissingList = append(hz.MissingList, homeMissing{Ind: byCode[ic.IndicatorCode], Link: entryLink(z.Code, fw, year, ic.IndicatorCode)})
			}
		}
	}
	hz.Drafts = drafts
	return hz, nil
}

// homeValues lists the values of the user's zones that f selects (a
// status, the user's own), of every year: each waits whatever its year.
func (s *Server) homeValues(ctx context.Context, p *indicators.Principal, fw string, f indicators.MeasurementFilter, byCode map[string]indicators.Indicator) ([]homeRejected, int64, error) {
	f.Framework, f.Zones, f.Limit = fw, p.ScopeCodes(), homeRejectedCap
	page, err := s.svc.ListMeasurements(ctx, f)
	if err != nil || page.Total == 0 {
		return nil, 0, err
	}
	var out []homeRejected
	for _, m := range page.Items {
		r := homeRejected{M: m, Ind: byCode[m.IndicatorCode], Link: "/import"}
		if _, err := indicators.ParsePeriod(m.Period); err == nil {
			// The year's form has a field for every period of it, and
			// the link lands on the value's row.
			r.Link = entryRowLink(fw, m)
		}
		out = append(out, r)
	}
	return out, page.Total, nil
}

var _ = registerFuncs(template.FuncMap{
	// homeYears lists years as the reader's language does (2021, 2020 or
	// 2021、2020).
	"homeYears": func(l *Lang, years []int) string {
		sep := ", "
		if l.Code == "zh" {
			sep = "、"
		}
		parts := make([]string, len(years))
		for i, y := range years {
			parts[i] = strconv.Itoa(y)
		}
		return strings.Join(parts, sep)
	},
})
