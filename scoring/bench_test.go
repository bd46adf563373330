package scoring_test

import (
	"fmt"
	"testing"

	"igmc/scoring"
)

// benchInput is a synthetic framework of 200 annual indicators in six
// perspectives, half of them lower-is-better and half with a plan, and ten
// years (2011–2020) of approved values for one zone: 2,000 values.
func benchInput() (scoring.Framework, []scoring.Value) {
	fw := scoring.Framework{Code: "bench", GradeBands: []scoring.GradeBand{{Min: 280, Grade: "Greenest"}, {Min: 245, Grade: "Greener"}}}
	for p := range 6 {
		fw.Perspectives = append(fw.Perspectives, scoring.Perspective{Code: fmt.Sprintf("p%d", p), Weight: 1})
	}
	var vals []scoring.Value
	for i := range 200 {
		ind := scoring.Indicator{Code: fmt.Sprintf("i%03d", i), Perspective: fmt.Sprintf("p%d", i%6), Weight: 1, Points: 1.6}
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
