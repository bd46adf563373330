package indicators

import (
	"strconv"
	"testing"
)

// TestPilotRulesHoldOnTheDemo: the pilot's rules are facts, so the demo's
// values, made from the zone's own figures, must pass every one of them in
// every zone and year, and each rule must read at least one value there.
func TestPilotRulesHoldOnTheDemo(t *testing.T) {
	rules, err := PilotRules()
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) < 3 {
		t.Fatalf("%d pilot rules", len(rules))
	}
	cat, err := PilotCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	type zy struct {
		zone string
		year int
	}
	agg := map[string]Aggregation{}
	for _, ind := range cat.Indicators {
		agg[ind.Code] = ind.Aggregation
	}
	// A rule reads a year's value: a sub-annual indicator's by its
	// aggregation (the demo's periods come in order).
	type cell struct{ sum, last, n float64 }
	cells := map[zy]map[string]*cell{}
	for _, r := range DemoValues(cat) {
		y, err := strconv.Atoi(r.Period[:4])
		if err != nil {
			t.Fatal(err)
		}
		k := zy{r.Zone, y}
		if cells[k] == nil {
			cells[k] = map[string]*cell{}
		}
		c := cells[k][r.Indicator]
		if c == nil {
			c = &cell{}
			cells[k][r.Indicator] = c
		}
		c.sum, c.last, c.n = c.sum+r.Value, r.Value, c.n+1
	}
	vals := map[zy]map[string]float64{}
	for k, m := range cells {
		vals[k] = map[string]float64{}
		for code, c := range m {
			switch agg[code] {
			case Sum:
				vals[k][code] = c.sum
			case Mean:
				vals[k][code] = c.sum / c.n
			default:
				vals[k][code] = c.last
			}
		}
	}
	checked := map[string]int{}
	for k, v := range vals {
		for i := range rules {
			o := rules[i].Check(func(c string) (float64, bool) { x, ok := v[c]; return x, ok })
			switch o.State {
			case RuleHolds:
				checked[rules[i].Code]++
			case RuleNotChecked:
			default:
				t.Errorf("%s %d: rule %s is %s (%v against %v)", k.zone, k.year, rules[i].Code, o.State, o.Left, o.Right)
			}
		}
	}
	for _, r := range rules {
		if checked[r.Code] == 0 {
			t.Errorf("rule %s never reads a demo value", r.Code)
		}
		if r.MessageEn == "" || r.MessageZh == "" {
			t.Errorf("rule %s lacks a message", r.Code)
		}
	}
}
