package storage_test

import (
	"slices"
	"strconv"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// readChanges walks the whole feed from since, limit at a time, checking
// that each page's next cursor is its last change's and that cursors only
// grow.
func readChanges(t *testing.T, s *storage.Store, since int64, limit int, zones []string, accounts bool) ([]indicators.Change, int64) {
	t.Helper()
	var all []indicators.Change
	for {
		p, err := s.ListChanges(ctx, since, limit, zones, accounts)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Items) > limit {
			t.Fatalf("a page of %d changes for limit %d", len(p.Items), limit)
		}
		for _, c := range p.Items {
			n, err := strconv.ParseInt(c.Cursor, 10, 64)
			if err != nil || n <= since {
				t.Fatalf("cursor %q after %d", c.Cursor, since)
			}
			since = n
			all = append(all, c)
		}
		if p.Next != strconv.FormatInt(since, 10) {
			t.Fatalf("next is %q, the last cursor %d", p.Next, since)
		}
		if !p.More {
			return all, since
		}
	}
}

// TestChangesFeed: the feed gives the trail's events in order, page after
// page with no gap and no repeat, narrowed to the zones asked for and
// without account events unless asked; a new change shows after the last
// cursor and nothing else does.
func TestChangesFeed(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		addZones(t, s, "LY,Liuyang ETDZ,,", "OT,Other,,")
		for i, z := range []string{"LY", "OT", "LY", "OT", "LY"} {
			in := indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: z, IndicatorCode: "SPC-01", Period: strconv.Itoa(2015 + i), Value: float64(60 + i)}
			if _, err := s.CreateMeasurement(ctx, in, as("officer@example.org")); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.CreateUser(ctx, indicators.UserInput{Email: "new@example.org", Role: indicators.RoleAuditor, Password: "correct horse battery"}, indicators.System); err != nil {
			t.Fatal(err)
		}
		if _, err := importCSV(s, "zone_code,indicator_code,period,value\nOT,SPC-02,2018,1\nLY,SPC-02,2018,1\n", indicators.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		trail, err := s.ListAuditEvents(ctx, indicators.AuditFilter{Limit: 1000}, nil)
		if err != nil {
			t.Fatal(err)
		}
		ids := func(cs []indicators.Change) []string {
			out := []string{}
			for _, c := range cs {
				out = append(out, c.Cursor)
			}
			return out
		}
		var want []string
		for _, e := range trail.Items {
			want = append(want, strconv.FormatInt(e.ID, 10))
		}
		for _, limit := range []int{1, 3, 1000} {
			got, _ := readChanges(t, s, 0, limit, nil, true)
			if !slices.Equal(ids(got), want) {
				t.Fatalf("limit %d: cursors %v, the trail's ids %v", limit, ids(got), want)
			}
		}

		// An officer of LY: LY's values and the import that touched LY,
		// nothing of OT alone, no account event.
		ly, last := readChanges(t, s, 0, 2, []string{"LY"}, false)
		scoped, err := s.ListAuditEvents(ctx, indicators.AuditFilter{Limit: 1000}, []string{"LY"})
		if err != nil {
			t.Fatal(err)
		}
		want = nil
		for _, e := range scoped.Items {
			if !slices.Contains(indicators.AccountEntities, e.Entity) {
				want = append(want, strconv.FormatInt(e.ID, 10))
			}
		}
		if !slices.Equal(ids(ly), want) || len(want) == 0 {
			t.Fatalf("LY's cursors %v, its events %v", ids(ly), want)
		}
		values, imports := 0, 0
		for _, c := range ly {
			switch {
			case c.Entity == "user" || c.Zone == "OT":
				t.Errorf("LY's feed has %+v", c)
			case c.Entity == "measurement":
				values++
				if c.Zone != "LY" || c.Indicator != "SPC-01" || c.Period == "" || c.Version != 1 || c.Status != indicators.Draft || c.At.IsZero() {
					t.Errorf("a value's change is %+v", c)
				}
			case c.Entity == "measurements":
				imports++
			}
		}
		if values != 3 || imports != 1 {
			t.Errorf("LY's feed has %d value changes and %d imports, want 3 and 1", values, imports)
		}
		if none, _ := readChanges(t, s, 0, 10, []string{}, false); len(none) != 0 {
			t.Errorf("an empty scope reads %v", none)
		}

		// Nothing new: an empty page that keeps the cursor. Then one new
		// value, and exactly it.
		if again, _ := readChanges(t, s, last, 10, []string{"LY"}, false); len(again) != 0 {
			t.Fatalf("after the last cursor: %v", again)
		}
		if _, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: "SPC-03", Period: "2020", Value: 5}, as("officer@example.org")); err != nil {
			t.Fatal(err)
		}
		next, _ := readChanges(t, s, last, 10, []string{"LY"}, false)
		if len(next) != 1 || next[0].Indicator != "SPC-03" || next[0].Action != "create" {
			t.Fatalf("after the last cursor: %+v", next)
		}
	})
}
