package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// compareZones is the zones of the comparison's ranking table, in order.
func compareZones(page string) []string {
	i := strings.Index(page, `id="cmp-heat"`)
	if i < 0 {
		i = len(page)
	}
	var out []string
	for _, m := range regexp.MustCompile(`<tr data-zone="([^"]+)">`).FindAllStringSubmatch(page[:i], -1) {
		out = append(out, m[1])
	}
	return out
}

func TestComparePageSearchAndSort(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		var ranking listOf[struct {
			Zone         string   `json:"zone"`
			Index        *float64 `json:"index"`
			Points       float64  `json:"points"`
			Grade        *string  `json:"grade"`
			Perspectives []struct {
				Code  string   `json:"code"`
				Score *float64 `json:"score"`
			} `json:"perspectives"`
		}]
		c.do("GET", "/api/v1/frameworks/igmc/ranking?year=2019", "", 200, &ranking)
		byZone := map[string]int{}
		for i, r := range ranking.Items {
			byZone[r.Zone] = i
		}

		t.Run("filter_by_code_or_name", func(t *testing.T) {
			c := scClient(c, t)
			for q, want := range map[string]string{
				"bio":  "LY-BIO",  // a code, in another case
				"食品":   "LY-FOOD", // a Chinese name
				"LY-":  "",        // every zone but LY: filled below
				"nope": "",        // none
				"clus": "",        // an English word of the clusters' names: filled below
			} {
				page := string(c.do("GET", "/compare?year=2019&q="+url.QueryEscape(q), "", 200, nil))
				got := strings.Join(compareZones(page), " ")
				if q == "LY-" || q == "clus" {
					var all []string
					for _, r := range ranking.Items {
						if r.Zone != "LY" && (q == "LY-" || r.Zone != "LY-N") {
							all = append(all, r.Zone)
						}
					}
					want = strings.Join(all, " ")
				}
				if got != want {
					t.Errorf("q=%s: zones %q, want %q", q, got, want)
				}
				if q == "nope" && !strings.Contains(page, "No zone matches this search.") {
					t.Error("a search without zones does not say so")
				}
			}
		})

		t.Run("sort_by_points_ascending", func(t *testing.T) {
			c := scClient(c, t)
			got := compareZones(string(c.do("GET", "/compare?year=2019&sort=points", "", 200, nil)))
			if len(got) != 5 {
				t.Fatalf("%d zones", len(got))
			}
			for i := 1; i < len(got); i++ {
				if ranking.Items[byZone[got[i-1]]].Points > ranking.Items[byZone[got[i]]].Points {
					t.Errorf("%s before %s by points ascending", got[i-1], got[i])
				}
			}
		})

		t.Run("sort_by_a_perspective_descending_zones_without_score_last", func(t *testing.T) {
			c := scClient(c, t)
			page := string(c.do("GET", "/compare?year=2019&sort=p-environment&dir=desc", "", 200, nil))
			got := compareZones(page)
			score := func(z string) *float64 {
				for _, p := range ranking.Items[byZone[z]].Perspectives {
					if p.Code == "environment" {
						return p.Score
					}
				}
				return nil
			}
			if len(got) != 5 || got[4] != "LY-N" || score("LY-N") != nil {
				t.Fatalf("order %v: LY-N, without scores, should be last", got)
			}
			for i := 1; i < 4; i++ {
				if *score(got[i-1]) < *score(got[i]) {
					t.Errorf("%s before %s by environment descending", got[i-1], got[i])
				}
			}
			if !strings.Contains(page, `aria-sort="descending"><a class="sort-link" href="/compare?framework=igmc&amp;sort=p-environment&amp;status=approved&amp;year=2019">`) {
				t.Error("the environment header does not mark the order or offer the other one")
			}
		})

		t.Run("sort_by_index_and_grade", func(t *testing.T) {
			c := scClient(c, t)
			got := compareZones(string(c.do("GET", "/compare?year=2019&sort=index&dir=desc", "", 200, nil)))
			var want []string
			for _, r := range ranking.Items {
				want = append(want, r.Zone)
			}
			// The ranking is by index, highest first.
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("index descending %v, want the ranking %v", got, want)
			}
			c.do("GET", "/compare?year=2019&sort=grade", "", 200, nil)
			c.do("GET", "/compare?year=2019&sort=zone&dir=desc", "", 200, nil)
		})

		t.Run("bounded_query", func(t *testing.T) {
			c := scClient(c, t)
			c.do("GET", "/compare?year=2019&q="+strings.Repeat("x", 101), "", 422, nil)
			c.do("GET", "/compare?year=2019&sort=p-nope", "", 422, nil)
			c.do("GET", "/compare?year=2019&sort=index&dir=sideways", "", 422, nil)
		})
	})
}
