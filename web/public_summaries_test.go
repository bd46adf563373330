package web_test

import (
	"context"
	"html"
	"regexp"
	"strings"
	"testing"

	"igmc/locale"
	"igmc/reports"
	"igmc/scoring"
	"igmc/storage"
)

// seriesCounter is the store, counting the zones whose cards the public
// site reads.
type seriesCounter struct {
	*storage.Store
	zones []string
}

func (s *seriesCounter) ScorecardSeries(ctx context.Context, framework, zone string, first, last int, basis scoring.Basis) ([]scoring.Card, error) {
	s.zones = append(s.zones, zone)
	return s.Store.ScorecardSeries(ctx, framework, zone, first, last, basis)
}

var publicRow = regexp.MustCompile(`(?s)<tr data-zone="([^"]+)">(.*?)</tr>`)

// publicRows is each zone's row of a public list page, its cells split.
func publicRows(t *testing.T, page []byte) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, m := range publicRow.FindAllSubmatch(page, -1) {
		cells := strings.Split(string(m[2]), "<td>")[1:]
		for i, c := range cells {
			cells[i] = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(c), "</td>"))
		}
		out[string(m[1])] = cells
	}
	if len(out) == 0 {
		t.Fatalf("no zone rows in\n%s", page)
	}
	return out
}

// TestPublicListsFromSummaries: the public site's zone list and its
// perspectives page are made from the kept summaries, reading no zone's
// cards, and show what each zone's official cards say; a scorecard page
// reads its zone's cards only, an indicator page every zone's.
func TestPublicListsFromSummaries(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		publicSetup(t, c)
		ctx := context.Background()
		st := &seriesCounter{Store: c.store}
		site, err := reports.LoadPublicSite(ctx, st, "igmc")
		if err != nil {
			t.Fatal(err)
		}
		years, err := c.store.PublishedYears(ctx, "igmc")
		if err != nil || len(years) < 2 {
			t.Fatalf("published years %v: %v", years, err)
		}
		zones, err := c.store.ListZones(ctx)
		if err != nil {
			t.Fatal(err)
		}
		cards := map[string][]scoring.Card{}
		for _, z := range zones {
			s, err := c.store.ScorecardSeries(ctx, "igmc", z.Code, years[0], years[len(years)-1], scoring.BasisOfficial)
			if err != nil {
				t.Fatal(err)
			}
			for _, y := range years {
				cards[z.Code] = append(cards[z.Code], s[y-years[0]])
			}
		}
		for _, lang := range []string{"zh", "en"} {
			l := locale.Of(lang)
			index, _, err := site.File(ctx, lang+"/index.html")
			if err != nil {
				t.Fatal(err)
			}
			rows := publicRows(t, index)
			if len(rows) != len(zones) {
				t.Fatalf("%s: %d zone rows, want %d", lang, len(rows), len(zones))
			}
			for z, cells := range rows {
				if len(cells) != len(years) {
					t.Fatalf("%s %s: %d cells, want %d", lang, z, len(cells), len(years))
				}
				for k, cell := range cells {
					card := cards[z][k]
					want := []string{l.T("public.points", "Earned", l.Num(card.Points.Earned, 1), "Max", l.Num(card.Points.Max, 1))}
					if card.Index.Score != nil {
						want = append(want, l.T("public.index")+" "+l.Num(card.Index.Score, 1))
					}
					if card.Points.Grade != nil {
						want = append(want, l.T("scorecard.grade")+l.Colon()+*card.Points.Grade)
					}
					for _, w := range want {
						if !strings.Contains(cell, html.EscapeString(w)) {
							t.Errorf("%s %s %d: cell %q lacks %q", lang, z, years[k], cell, w)
						}
					}
				}
			}
			persp, _, err := site.File(ctx, lang+"/perspectives/index.html")
			if err != nil {
				t.Fatal(err)
			}
			for z, cells := range publicRows(t, persp) {
				card := cards[z][len(years)-1]
				if len(cells) != len(card.Perspectives) {
					t.Fatalf("%s %s: %d perspective cells, want %d", lang, z, len(cells), len(card.Perspectives))
				}
				for i, p := range card.Perspectives {
					want := "–"
					if p.Score != nil {
						want = l.Num(p.Score, 1)
					}
					if p.Rating != "" {
						want += " · " + l.T("rating."+string(p.Rating))
					}
					if cells[i] != html.EscapeString(want) {
						t.Errorf("%s %s %s: %q, want %q", lang, z, p.Code, cells[i], want)
					}
				}
			}
		}
		if len(st.zones) != 0 {
			t.Fatalf("the lists read the cards of %v", st.zones)
		}
		z := zones[0].Code
		if _, _, err := site.File(ctx, "en/zones/"+z+"/"+itoa(int64(years[0]))+"/index.html"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := site.File(ctx, "zh/zones/"+z+"/"+itoa(int64(years[1]))+"/index.html"); err != nil {
			t.Fatal(err)
		}
		if strings.Join(st.zones, " ") != z {
			t.Fatalf("two scorecard pages of %s read the cards of %v", z, st.zones)
		}
		if _, _, err := site.File(ctx, "en/indicators/SPC-01/index.html"); err != nil {
			t.Fatal(err)
		}
		if len(st.zones) != len(zones) {
			t.Fatalf("an indicator page read the cards of %v, want every zone's once", st.zones)
		}
	})
}
