package storage_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// queueFixture is a small queue whose orders are worked out by hand: the
// submitted values of 2020 by name, with what each is compared with.
type queueFixture struct {
	s      *storage.Store
	ids    map[string]int64
	names  map[int64]string
	review *indicators.Principal
	office *indicators.Principal
}

// newQueueFixture enters, as an officer of LY, LY-N and OT (a clock that
// ticks a minute a call, so submission times differ):
//
//	2019 approved: LY-N SPC-01 80, LY-N SPC-02 0, LY SPC-01 50, LY-N SPC-03 1000
//	2020 submitted, in this order of submission:
//	  a LY-N SPC-01 90    +12.5% against last year
//	  b LY-N SPC-02 1     from 0: a warning
//	  c LY   SPC-01 80    +60%: a warning
//	  e LY-N SPC-03 900   −10%, above SPC-03's maximum once it is set to 800: a warning
//	  f LY   SPC-02 1.2   +20% against the value in force, 1 (approved, then edited)
//	  g OT   SPC-01 70    outside the reviewer's zones
//	  d LY-N SPC-04 300   no earlier value; entered first, submitted last
func newQueueFixture(t *testing.T, e storage.Engine) *queueFixture {
	s, url := storagetest.OpenURL(t, e)
	tick := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { tick = tick.Add(time.Minute); return tick }
	addZones(t, s, "LY,Liuyang ETDZ,,", "LY-N,North,,LY", "OT,Other,,")
	fx := &queueFixture{s: s, ids: map[string]int64{}, names: map[int64]string{},
		review: person("reviewer@ly", indicators.RoleReviewer, "LY", "LY-N"),
		office: person("officer@ly", indicators.RoleOfficer, "LY", "LY-N", "OT")}
	admin := as("admin@x")
	enter := func(zone, ind, period string, v float64) int64 {
		t.Helper()
		m, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: zone, IndicatorCode: ind, Period: period, Value: v,
			Explanation: "checked with the statistics office"}, fx.office)
		if err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	step := func(id int64, a indicators.ReviewAction, p *indicators.Principal) {
		t.Helper()
		if _, err := s.Review(ctx, []int64{id}, a, "", p); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range []struct {
		zone, ind string
		v         float64
	}{{"LY-N", "SPC-01", 80}, {"LY-N", "SPC-02", 0}, {"LY", "SPC-01", 50}, {"LY-N", "SPC-03", 1000}} {
		id := enter(v.zone, v.ind, "2019", v.v)
		step(id, indicators.ActionSubmit, fx.office)
		step(id, indicators.ActionApprove, admin)
	}
	fx.ids["d"] = enter("LY-N", "SPC-04", "2020", 300)
	for _, v := range []struct {
		name, zone, ind string
		v               float64
	}{{"a", "LY-N", "SPC-01", 90}, {"b", "LY-N", "SPC-02", 1}, {"c", "LY", "SPC-01", 80}, {"e", "LY-N", "SPC-03", 900}} {
		fx.ids[v.name] = enter(v.zone, v.ind, "2020", v.v)
		step(fx.ids[v.name], indicators.ActionSubmit, fx.office)
	}
	f := enter("LY", "SPC-02", "2020", 1)
	step(f, indicators.ActionSubmit, fx.office)
	step(f, indicators.ActionApprove, admin)
	m, err := s.Measurement(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateMeasurement(ctx, f, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: "SPC-02", Period: "2020", Value: 1.2}, m.Version, fx.office); err != nil {
		t.Fatal(err)
	}
	step(f, indicators.ActionSubmit, fx.office)
	fx.ids["f"] = f
	fx.ids["g"] = enter("OT", "SPC-01", "2020", 70)
	step(fx.ids["g"], indicators.ActionSubmit, fx.office)
	step(fx.ids["d"], indicators.ActionSubmit, fx.office)
	// The catalogue's range narrowed after e was entered.
	storagetest.MustExec(t, url, "UPDATE indicators SET max_value = 800 WHERE code = 'SPC-03'")
	for k, id := range fx.ids {
		fx.names[id] = k
	}
	return fx
}

// scoped is a filter of the igmc framework in the reviewer's zones.
func (fx *queueFixture) scoped(f indicators.MeasurementFilter) indicators.MeasurementFilter {
	f.Framework, f.Zones = "igmc", fx.review.ScopeCodes()
	return f
}

// queue reads a page and names its values.
func (fx *queueFixture) queue(t *testing.T, q indicators.ReviewQuery) ([]string, indicators.ReviewPage) {
	t.Helper()
	q.Filter = fx.scoped(q.Filter)
	page, err := fx.s.ReviewQueue(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, it := range page.Items {
		names = append(names, fx.names[it.ID])
	}
	return names, page
}

func TestReviewQueueOrders(t *testing.T) {
	for _, e := range storagetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			fx := newQueueFixture(t, e)
			for _, tc := range []struct {
				order indicators.ReviewOrder
				want  []string
			}{
				{indicators.OrderSubmitted, []string{"a", "b", "c", "e", "f", "d"}},
				{indicators.OrderChange, []string{"b", "c", "f", "a", "e", "d"}},
				{indicators.OrderZone, []string{"c", "f", "a", "b", "e", "d"}},
				// c's +60% is also a jump the checks stored (a short series:
				// over half of 50): it comes before the values with only
				// the queue's own marks.
				{indicators.OrderWarnings, []string{"c", "b", "e", "f", "a", "d"}},
			} {
				t.Run(string(tc.order), func(t *testing.T) {
					got, page := fx.queue(t, indicators.ReviewQuery{Order: tc.order})
					if !slices.Equal(got, tc.want) || page.Total != 6 {
						t.Errorf("order %v of %d, want %v of 6", got, page.Total, tc.want)
					}
					// The store's order and the items' warnings agree: the
					// warned values come first, and only they.
					for i := 1; tc.order == indicators.OrderWarnings && i < len(page.Items); i++ {
						if len(page.Items[i].Warnings) > 0 && len(page.Items[i-1].Warnings) == 0 {
							t.Errorf("%s has warnings %v but comes after %s, which has none", got[i], page.Items[i].Warnings, got[i-1])
						}
					}
				})
			}
			t.Run("what_each_value_is_compared_with", func(t *testing.T) {
				_, page := fx.queue(t, indicators.ReviewQuery{Order: indicators.OrderZone})
				want := map[string]struct {
					lastYear, base string
					change         string
					warnings       []indicators.ReviewWarning
				}{
					"a": {"80", "80", "0.125", nil},
					"b": {"0", "0", "from 0", []indicators.ReviewWarning{indicators.WarnLargeChange}},
					"c": {"50", "50", "0.6", []indicators.ReviewWarning{indicators.WarnChecks, indicators.WarnLargeChange}},
					"e": {"1000", "1000", "-0.1", []indicators.ReviewWarning{indicators.WarnOutOfRange}},
					"f": {"none", "1", "0.2", nil},
					"d": {"none", "none", "none", nil},
				}
				num := func(p *float64) string {
					if p == nil {
						return "none"
					}
					return indicators.FormatNumber(*p)
				}
				for _, it := range page.Items {
					name := fx.names[it.ID]
					ch, ok, fromZero := it.Change()
					change := map[bool]string{true: fmt.Sprintf("%.4g", ch), false: "none"}[ok]
					if fromZero {
						change = "from 0"
					}
					got := want[name]
					if num(it.LastYear) != got.lastYear || num(it.Base()) != got.base || change != got.change || !slices.Equal(it.Warnings, got.warnings) || it.LastPeriod != "2019" {
						t.Errorf("%s: last year %s (%s), base %s, change %s, warnings %v; want %+v", name, num(it.LastYear), it.LastPeriod, num(it.Base()), change, it.Warnings, got)
					}
				}
			})
			t.Run("pages_both_ways", func(t *testing.T) {
				first, _ := fx.queue(t, indicators.ReviewQuery{Order: indicators.OrderZone, Limit: 4})
				second, page := fx.queue(t, indicators.ReviewQuery{Order: indicators.OrderZone, Limit: 4, Offset: 4})
				if !slices.Equal(first, []string{"c", "f", "a", "b"}) || !slices.Equal(second, []string{"e", "d"}) || page.Offset != 4 {
					t.Errorf("pages %v and %v (offset %d)", first, second, page.Offset)
				}
				past, page := fx.queue(t, indicators.ReviewQuery{Order: indicators.OrderZone, Limit: 4, Offset: 40})
				if !slices.Equal(past, []string{"e", "d"}) || page.Offset != 4 {
					t.Errorf("an offset past the end gives %v at %d, want the last page at 4", past, page.Offset)
				}
			})
			t.Run("filters_apply_before_the_order", func(t *testing.T) {
				got, page := fx.queue(t, indicators.ReviewQuery{Order: indicators.OrderChange, Filter: indicators.MeasurementFilter{Zone: "LY-N"}})
				if !slices.Equal(got, []string{"b", "a", "e", "d"}) || page.Total != 4 {
					t.Errorf("LY-N by change: %v of %d", got, page.Total)
				}
				got, page = fx.queue(t, indicators.ReviewQuery{Filter: indicators.MeasurementFilter{Year: 2019}})
				if len(got) != 0 || page.Total != 0 {
					t.Errorf("2019 has nothing submitted, the queue shows %v", got)
				}
				page, err := fx.s.ReviewQueue(ctx, indicators.ReviewQuery{Filter: indicators.MeasurementFilter{Framework: "igmc"}})
				if err != nil || page.Total != 7 {
					t.Errorf("unscoped: %d values (%v), want 7 with OT's", page.Total, err)
				}
			})
		})
	}
}

func TestReviewAllOfASelection(t *testing.T) {
	for _, e := range storagetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			fx := newQueueFixture(t, e)
			s := fx.s
			lyn := fx.scoped(indicators.MeasurementFilter{Zone: "LY-N"})
			status := func() map[string]indicators.Status {
				out := map[string]indicators.Status{}
				for name, id := range fx.ids {
					m, err := s.Measurement(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					out[name] = m.Status
				}
				return out
			}
			events := func() int64 {
				p, err := s.ListAuditEvents(ctx, indicators.AuditFilter{Entity: "measurement", Limit: 1}, nil)
				if err != nil {
					t.Fatal(err)
				}
				return p.Total
			}
			before := status()
			unchanged := func(t *testing.T) {
				t.Helper()
				if now := status(); fmt.Sprint(now) != fmt.Sprint(before) {
					t.Errorf("a refused decision changed values: %v, was %v", now, before)
				}
			}
			seen, err := s.ReviewSelectionOf(ctx, lyn)
			if err != nil || seen.Count != 4 {
				t.Fatalf("LY-N selection %+v (%v), want 4 values", seen, err)
			}
			t.Run("reject_needs_a_comment", func(t *testing.T) {
				_, _, err := s.ReviewAll(ctx, lyn, indicators.ActionReject, "", seen, fx.review)
				domainErr(t, err, indicators.Invalid)
				unchanged(t)
			})
			t.Run("own_entry_refuses_all", func(t *testing.T) {
				same := person("officer@ly", indicators.RoleReviewer, "LY", "LY-N")
				_, _, err := s.ReviewAll(ctx, lyn, indicators.ActionApprove, "", seen, same)
				domainErr(t, err, indicators.Forbidden)
				unchanged(t)
			})
			t.Run("closed_period_refuses_all", func(t *testing.T) {
				if _, err := s.SetPeriod(ctx, "igmc", 2020, true, "test", as("admin@x")); err != nil {
					t.Fatal(err)
				}
				_, _, err := s.ReviewAll(ctx, lyn, indicators.ActionApprove, "", seen, fx.review)
				domainErr(t, err, indicators.Conflict)
				if _, err := s.SetPeriod(ctx, "igmc", 2020, false, "test", as("admin@x")); err != nil {
					t.Fatal(err)
				}
				unchanged(t)
			})
			t.Run("outside_scope_refuses_all", func(t *testing.T) {
				all := indicators.MeasurementFilter{Framework: "igmc"}
				sel, err := s.ReviewSelectionOf(ctx, all)
				if err != nil || sel.Count != 7 {
					t.Fatalf("%+v %v", sel, err)
				}
				_, _, err = s.ReviewAll(ctx, all, indicators.ActionApprove, "", sel, fx.review)
				domainErr(t, err, indicators.Forbidden)
				unchanged(t)
			})
			t.Run("stale_count_refused_with_the_new_one", func(t *testing.T) {
				id, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY-N", IndicatorCode: "SPC-05", Period: "2020", Value: 1}, fx.office)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := s.Review(ctx, []int64{id.ID}, indicators.ActionSubmit, "", fx.office); err != nil {
					t.Fatal(err)
				}
				_, now, err := s.ReviewAll(ctx, lyn, indicators.ActionApprove, "", seen, fx.review)
				domainErr(t, err, indicators.Conflict)
				if now.Count != 5 {
					t.Errorf("the refusal gives the selection as %+v, want 5 values", now)
				}
				unchanged(t)
				// Same count, other values: b decided elsewhere, one more entered.
				if _, err := s.Review(ctx, []int64{fx.ids["b"]}, indicators.ActionReject, "check", as("admin@x")); err != nil {
					t.Fatal(err)
				}
				if now2, _ := s.ReviewSelectionOf(ctx, lyn); now2.Count != 4 || now2 == seen {
					t.Fatalf("the selection after a swap is %+v, was %+v: same count, other digest expected", now2, seen)
				}
				_, now, err = s.ReviewAll(ctx, lyn, indicators.ActionApprove, "", seen, fx.review)
				domainErr(t, err, indicators.Conflict)
				if now.Count != 4 {
					t.Errorf("now %+v", now)
				}
				before = status()
				seen = now
			})
			t.Run("approve_all_of_the_selection", func(t *testing.T) {
				n := events()
				done, _, err := s.ReviewAll(ctx, lyn, indicators.ActionApprove, "checked in committee", seen, fx.review)
				if err != nil {
					t.Fatal(err)
				}
				if len(done) != 4 {
					t.Errorf("%d values decided, want 4", len(done))
				}
				got := status()
				for name, want := range map[string]indicators.Status{"a": indicators.Approved, "b": indicators.Rejected, "d": indicators.Approved,
					"e": indicators.Approved, "c": indicators.Submitted, "f": indicators.Submitted, "g": indicators.Submitted} {
					if got[name] != want {
						t.Errorf("%s is %s, want %s", name, got[name], want)
					}
				}
				for _, m := range done {
					if m.ReviewedBy != "reviewer@ly" || m.ReviewComment != "checked in committee" {
						t.Errorf("value %d: reviewed by %q, comment %q", m.ID, m.ReviewedBy, m.ReviewComment)
					}
				}
				if got := events() - n; got != 4 {
					t.Errorf("%d audit events for 4 decisions", got)
				}
			})
		})
	}
}
