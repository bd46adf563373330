package scoring_test

import (
	"fmt"
	"testing"

	"igmc/scoring"
)

// benchInput is a synthetic framework of 200 annual indicators in six
// perspectives, half of them lower-is-better and half with a plan, and ten
// years (2011–2020) of approved values for one zone: 2,000 values.
func benchInput() (scoring.Framework, []scoring.Value) { return benchInputN(200, 1.6) }

// benchInputN is benchInput with n indicators of the given points each.
func benchInputN(n int, points float64) (scoring.Framework, []scoring.Value) {
	fw := scoring.Framework{Code: "bench", GradeBands: []scoring.GradeBand{{Min: 280, Grade: "Greenest"}, {Min: 245, Grade: "Greener"}}}
	for p := range 6 {
		fw.Perspectives = append(fw.Perspectives, scoring.Perspective{Code: fmt.Sprintf("p%d", p), Weight: 1})
	}
	var vals []scoring.Value
	for i := range n {
		ind := scoring.Indicator{Code: fmt.Sprintf("i%03d", i), Perspective: fmt.Sprintf("p%d", i%6), Weight: 1, Points: points}
		if i%2 == 0 {
			ind.Best, ind.Worst = ptr(100), ptr(0)
		} else {
			ind.Best, ind.Worst = ptr(0), ptr(100)
		}
		if i%4 < 2 {
			ind.BaselineValue, ind.BaselineYear = ptr(50), 2010
			ind.TargetValue, ind.TargetYear = ind.Best, 2030
		}
		fw.Indicators = append(fw.Indicators, ind)
		for y := 2011; y <= 2020; y++ {
			vals = append(vals, scoring.Value{Indicator: ind.Code, Year: y, Value: float64((i*7 + y*3) % 100), Approved: true})
		}
	}
	return fw, vals
}

func BenchmarkCompute(b *testing.B) {
	fw, vals := benchInput()
	opts := scoring.Options{Zone: "z", Year: 2020}
	if _, err := scoring.Compute(fw, vals, opts); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := scoring.Compute(fw, vals, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// pilotInput is the pilot's size: 48 indicators of unequal points (4, 6,
// 8 or 8.6667 in turn: 320 in all) with the IGMC bands, ten years of
// values and a zone plan with a milestone for every other indicator.
func pilotInput() (scoring.Framework, []scoring.Value, scoring.Options) {
	fw, vals := benchInputN(48, 0)
	each := []float64{4, 6, 8, 320.0/12 - 18}
	plans := map[string]scoring.PlanLine{}
	for i := range fw.Indicators {
		ind := &fw.Indicators[i]
		ind.Points = each[i%4]
		if i%2 == 1 {
			plans[ind.Code] = scoring.PlanLine{BaselineYear: 2012, BaselineValue: 60, TargetYear: 2026, TargetValue: *ind.Best,
				Milestones: []scoring.Milestone{{Year: 2018, Value: 40}}}
		}
	}
	return fw, vals, scoring.Options{Zone: "z", Year: 2020, Plans: plans}
}

// BenchmarkPlanner is the planner for one zone of the pilot's size; the
// goal (docs/performance.md) is at most 20 ms with the store's reads.
func BenchmarkPlanner(b *testing.B) {
	fw, vals, opts := pilotInput()
	pl, err := scoring.PlanToNextGrade(fw, vals, opts)
	if err != nil || !pl.Reachable || len(pl.Path) < 2 || !pl.Exact {
		b.Fatalf("planner: %v reachable %v path %d exact %v", err, pl.Reachable, len(pl.Path), pl.Exact)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := scoring.PlanToNextGrade(fw, vals, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkComputeZonePlans is BenchmarkCompute with a zone plan with two
// milestones for every indicator, for the ranking's "no slower with
// plans" goal.
func BenchmarkComputeZonePlans(b *testing.B) {
	fw, vals := benchInput()
	plans := map[string]scoring.PlanLine{}
	for _, ind := range fw.Indicators {
		plans[ind.Code] = scoring.PlanLine{BaselineYear: 2012, BaselineValue: 50, TargetYear: 2028, TargetValue: *ind.Best,
			Milestones: []scoring.Milestone{{Year: 2016, Value: 55}, {Year: 2022, Value: 70}}}
	}
	opts := scoring.Options{Zone: "z", Year: 2020, Plans: plans}
	if _, err := scoring.Compute(fw, vals, opts); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := scoring.Compute(fw, vals, opts); err != nil {
			b.Fatal(err)
		}
	}
}
