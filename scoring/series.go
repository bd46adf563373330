package scoring

import (
	"cmp"
	"fmt"
	"slices"
	"sort"

	"igmc/indicators"
)

// Point is an indicator's value for one year (SPEC §3.1).
type Point struct {
	Year  int
	Value float64
	// Partial is true when a sub-annual indicator has fewer periods than a
	// full year (a missing quarter or month). The value still counts; the
	// flag lets every page say that it rests on an incomplete year.
	Partial bool
}

// Series turns the values of one indicator into one Point per year, in
// ascending years (SPEC §3.1). Values of other indicators are ignored, so the
// caller may pass a zone's whole list. When a period appears more than once
// the later value in the slice wins: pass revisions oldest first. Sub-annual
// periods are combined by the indicator's aggregation. Basis filtering is the
// caller's job (see Basis.Admits); Series uses every value given.
func Series(ind Indicator, values []Value) ([]Point, error) {
	if err := ind.Validate(); err != nil {
		return nil, err
	}
	var own []entry
	for _, v := range values {
		if v.Indicator == ind.Code {
			if err := checkValue(ind, v); err != nil {
				return nil, err
			}
			own = append(own, entry{year: v.Year, sub: v.Sub, value: v.Value, quality: qualityCode(v.Quality)})
		}
	}
	sortEntries(own)
	return appendSeries(nil, ind, own), nil
}

// entry is one value reduced to what aggregation needs. It holds no
// pointers, which keeps Compute's working set cheap for the collector.
type entry struct {
	year, sub int
	value     float64
	quality   uint8 // qualityCode
}

// qualityCode packs a quality code into a byte for entry: 0 for the
// default (empty or administrative), else its place in
// indicators.Qualities plus one.
func qualityCode(q indicators.Quality) uint8 {
	if q == "" || q == indicators.QualityAdministrative {
		return 0
	}
	for i, x := range indicators.Qualities {
		if x == q {
			return uint8(i + 1)
		}
	}
	return 0
}

// qualityOf unpacks a qualityCode.
func qualityOf(c uint8) indicators.Quality {
	if c == 0 || int(c) > len(indicators.Qualities) {
		return indicators.QualityAdministrative
	}
	return indicators.Qualities[c-1]
}

// yearQuality is the quality of year's value among one indicator's sorted
// entries, which end with that year: the first estimated or modelled code
// among its periods, else the code of its last period. Of duplicates of a
// period the last one counts, as in appendSeries.
func yearQuality(vs []entry, year int) indicators.Quality {
	var last, est uint8
	seen, prevSub := false, -1
	for i := len(vs) - 1; i >= 0 && vs[i].year == year; i-- {
		if vs[i].sub == prevSub {
			continue // superseded by the later duplicate seen already
		}
		prevSub = vs[i].sub
		if !seen {
			last, seen = vs[i].quality, true
		}
		if qualityOf(vs[i].quality).Estimated() {
			est = vs[i].quality
		}
	}
	if est != 0 {
		return qualityOf(est)
	}
	return qualityOf(last)
}

// checkValue rejects a value whose period does not fit the indicator's
// frequency or which is not a finite number.
func checkValue(ind Indicator, v Value) error {
	n := ind.Frequency.Periods()
	if n == 1 && v.Sub != 0 || n > 1 && (v.Sub < 1 || v.Sub > n) {
		return fmt.Errorf("scoring: value of %q for %d has period %d, which does not fit its %s frequency", ind.Code, v.Year, v.Sub, freqName(ind.Frequency))
	}
	if !finite(v.Value) {
		return fmt.Errorf("scoring: value of %q for %d period %d is not a finite number", ind.Code, v.Year, v.Sub)
	}
	return nil
}

func freqName(f Frequency) Frequency {
	if f == "" {
		return Annual
	}
	return f
}

// sortEntries orders one indicator's values by year and period, keeping the
// given order among duplicates so that the later one can win.
func sortEntries(rs []entry) {
	slices.SortStableFunc(rs, func(a, b entry) int {
		if c := cmp.Compare(a.year, b.year); c != 0 {
			return c
		}
		return cmp.Compare(a.sub, b.sub)
	})
}

// appendSeries appends the yearly points of one indicator's sorted, checked
// values to dst.
func appendSeries(dst []Point, ind Indicator, vs []entry) []Point {
	periods := ind.Frequency.Periods()
	for i := 0; i < len(vs); {
		year := vs[i].year
		var sum, last float64
		count := 0
		for i < len(vs) && vs[i].year == year {
			// Skip to the last of the duplicates of this period.
			for i+1 < len(vs) && vs[i+1].year == year && vs[i+1].sub == vs[i].sub {
				i++
			}
			sum += vs[i].value
			last = vs[i].value
			count++
			i++
		}
		p := Point{Year: year, Partial: count < periods}
		switch {
		case periods == 1:
			p.Value = last
		case ind.Aggregation == AggregateSum:
			p.Value = sum
		case ind.Aggregation == AggregateMean:
			p.Value = sum / float64(count)
		default: // AggregateLast
			p.Value = last
		}
		dst = append(dst, p)
	}
	return dst
}

// At returns the point of exactly that year.
func At(series []Point, year int) (Point, bool) {
	i := sort.Search(len(series), func(i int) bool { return series[i].Year >= year })
	if i < len(series) && series[i].Year == year {
		return series[i], true
	}
	return Point{}, false
}

// AsOf returns the latest point at or before year: the value a scorecard
// "as of" that year shows, with the year it comes from (SPEC §3.1).
func AsOf(series []Point, year int) (Point, bool) {
	i := sort.Search(len(series), func(i int) bool { return series[i].Year > year })
	if i == 0 {
		return Point{}, false
	}
	return series[i-1], true
}
