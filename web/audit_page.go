package web

import (
	"context"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/locale"
)

// The audit trail page: the events of the user's zones (every event for
// auditors and administrators), filtered, with the check of the chain.

// auditPageSize is how many events one page shows.
const auditPageSize = 100

// auditEntities are the kinds of things the trail records, for the
// filter.
var auditEntities = []string{"measurement", "measurements", "applicability", "plan", "framework", "zone", "period", "user", "token", "follow_up", "calendar", "rules", "access"}

// auditForm is the filter form as typed.
type auditForm struct {
	Entity, EntityID, Actor, Zone, Indicator, From, To string
	Cursor                                             int64
}

// Hidden is the filter as hidden fields, for the verification button.
func (f auditForm) Hidden() map[string]string {
	out := map[string]string{}
	for k, v := range f.query() {
		out[k] = v[0]
	}
	return out
}

// auditLine is one event as the page shows it.
type auditLine struct {
	E    indicators.AuditEvent
	Zone string
	// Value is what a measurement event recorded, nil for other events.
	Value *indicators.ValueEvent
	// Fields are the recorded content, key by key (auditFieldsOf).
	Fields []auditField
	// Raw is recorded content that is not a JSON object, shown as is.
	Raw []string
}

// auditError is a filter's problem: a message key and the code it names.
type auditError struct{ Key, Code string }

type auditData struct {
	Form       auditForm
	Errors     map[string]auditError
	Events     []auditLine
	Total      int64
	Next       int64
	Query      template.URL
	Zones      []indicators.Zone
	Entities   []string
	Frameworks []indicators.Framework
	// Indicators are the indicator codes of every framework, for the
	// filter's suggestions.
	Indicators []string
	BundleYear int
	Verify     *indicators.VerifyReport
	// Scoped: the caller is kept to some zones and sees only whether the
	// check holds (ScopedVerify).
	Scoped bool
}

// auditPage serves GET /audit: the filters entity, entity_id, actor
// (email), zone and indicator (codes), from and to (dates in the
// configured time zone, both days included), the cursor, and verify=1 to
// check the chain and every value.
func (s *Server) auditPage(c *gin.Context) {
	ctx := c.Request.Context()
	p := principalOf(c)
	form, f, errs := readAuditForm(c)
	d := &auditData{Form: form, Errors: errs, Entities: auditEntities}
	all, err := s.svc.ListZones(ctx)
	if err == nil {
		d.Frameworks, err = s.svc.ListFrameworks(ctx)
	}
	if err == nil {
		d.Indicators, err = s.indicatorCodes(ctx, d.Frameworks)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	zones := p.ScopeCodes()
	if form.Zone != "" {
		if !slices.ContainsFunc(all, func(z indicators.Zone) bool { return z.Code == form.Zone }) {
			d.Errors["zone"] = auditError{"audit.error.zone", form.Zone}
		} else if err := scope(c, form.Zone); err != nil {
			s.fail(c, err)
			return
		}
		zones = []string{form.Zone}
	}
	if form.Indicator != "" && !slices.Contains(d.Indicators, form.Indicator) {
		d.Errors["indicator"] = auditError{"audit.error.indicator", form.Indicator}
	}
	status := http.StatusOK
	if len(d.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	} else {
		page, err := s.svc.ListAuditEvents(ctx, f, zones)
		if err != nil {
			s.fail(c, err)
			return
		}
		d.Total = page.Total
		if page.Next != nil {
			d.Next = *page.Next
		}
		l := langOf(c)
		for _, e := range page.Items {
			d.Events = append(d.Events, auditLineOf(l, e, form.Zone))
		}
	}
	if c.Query("verify") != "" {
		rep, err := s.svc.VerifyAudit(ctx)
		if err != nil {
			s.fail(c, err)
			return
		}
		if !p.AllZones() {
			v := ScopedVerifyOf(rep)
			rep = indicators.VerifyReport{OK: v.OK, Problem: v.Problem, MethodOfHash: v.MethodOfHash}
			d.Scoped = true
		}
		d.Verify = &rep
	}
	d.Zones = visible(p, all, func(z *indicators.Zone) string { return z.Code })
	d.BundleYear = s.currentYear(ctx, indicators.IGMC.Code)
	d.Query = template.URL(form.query().Encode())
	s.renderView(c, status, "audit", &View{Nav: "audit", Data: d})
}

// readAuditForm reads the filters as typed and as the store takes them,
// with message keys of the bad ones by field.
func readAuditForm(c *gin.Context) (auditForm, indicators.AuditFilter, map[string]auditError) {
	form := auditForm{Entity: c.Query("entity"), EntityID: strings.TrimSpace(c.Query("entity_id")), Actor: strings.TrimSpace(c.Query("actor")),
		Zone: strings.TrimSpace(c.Query("zone")), Indicator: strings.TrimSpace(c.Query("indicator")),
		From: strings.TrimSpace(c.Query("from")), To: strings.TrimSpace(c.Query("to"))}
	f := indicators.AuditFilter{Entity: form.Entity, EntityID: form.EntityID, Actor: form.Actor, Indicator: form.Indicator, Limit: auditPageSize}
	errs := map[string]auditError{}
	// Days are those of the configured time zone, as the times shown; the
	// store's "to" is exclusive: the day after the last day asked for.
	for _, t := range []struct {
		name, text string
		dst        *time.Time
		days       int
	}{{"from", form.From, &f.From, 0}, {"to", form.To, &f.To, 1}} {
		if t.text == "" {
			continue
		}
		day, err := time.ParseInLocation("2006-01-02", t.text, locale.TimeZone())
		if err != nil {
			errs[t.name] = auditError{Key: "audit.error.date"}
			continue
		}
		*t.dst = day.AddDate(0, 0, t.days)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		errs["to"] = auditError{Key: "audit.error.order"}
	}
	if n, err := strconv.ParseInt(c.Query("cursor"), 10, 64); err == nil && n > 0 {
		f.After, form.Cursor = n, n
	}
	return form, f, errs
}

func (f auditForm) query() url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"entity": f.Entity, "entity_id": f.EntityID, "actor": f.Actor, "zone": f.Zone, "indicator": f.Indicator,
		"from": f.From, "to": f.To} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v
}

// auditLineOf reads what the page shows of e. The zone of an event is not
// part of the event as listed: a measurement event names it in its value,
// a zone event is about it, and with the zone filter every event is of
// that zone.
func auditLineOf(lang *Lang, e indicators.AuditEvent, zoneFilter string) auditLine {
	l := auditLine{E: e, Zone: zoneFilter}
	if e.Entity == "measurement" {
		var v indicators.ValueEvent
		if json.Unmarshal([]byte(e.NewValue), &v) == nil && v.Indicator != "" {
			l.Value = &v
			l.Zone = v.Zone
		}
	}
	if e.Entity == "zone" && e.EntityID != "" {
		l.Zone = e.EntityID
	}
	l.Fields, l.Raw = auditFieldsOf(lang, e.OldValue, e.NewValue)
	return l
}

// indicatorCodes are the indicator codes of every framework, sorted, each
// once.
func (s *Server) indicatorCodes(ctx context.Context, fws []indicators.Framework) ([]string, error) {
	var out []string
	for _, fw := range fws {
		cat, err := s.svc.Catalogue(ctx, fw.Code)
		if err != nil {
			return nil, err
		}
		for _, ind := range cat.Indicators {
			out = append(out, ind.Code)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

var _ = registerFuncs(template.FuncMap{
	// auditBefore is the cursor of a page that starts at event id.
	"auditBefore": func(id int64) int64 { return id - 1 },
	// auditShort abbreviates a hash to its first 12 characters.
	"auditShort": auditShortHash,
	// auditWord is the text of key prefix+word, or word itself when the
	// messages have none (an action or entity added later).
	"auditWord": auditWordOf,
})
