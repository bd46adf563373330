package scoring_test

import (
	"math"
	"strings"
	"testing"

	"igmc/scoring"
)

func sub(ind string, year, sub int, v float64) scoring.Value {
	return scoring.Value{Indicator: ind, Year: year, Sub: sub, Value: v, Approved: true}
}

func withFreq(f scoring.Frequency, a scoring.Aggregation) scoring.Indicator {
	ind := up()
	ind.Code, ind.Frequency, ind.Aggregation = "q", f, a
	return ind
}

func TestSeries(t *testing.T) {
	annual := up()
	tests := []struct {
		name   string
		ind    scoring.Indicator
		values []scoring.Value
		want   []scoring.Point
	}{
		{
			name:   "annual_sorted_by_year",
			ind:    annual,
			values: []scoring.Value{sub("up", 2020, 0, 7), sub("up", 2018, 0, 5)},
			want:   []scoring.Point{{Year: 2018, Value: 5}, {Year: 2020, Value: 7}},
		},
		{
			name:   "annual_later_duplicate_wins",
			ind:    annual,
			values: []scoring.Value{sub("up", 2019, 0, 5), sub("up", 2019, 0, 6)},
			want:   []scoring.Point{{Year: 2019, Value: 6}},
		},
		{
			name:   "other_indicators_ignored",
			ind:    annual,
			values: []scoring.Value{sub("other", 2019, 3, 99), sub("up", 2019, 0, 5)},
			want:   []scoring.Point{{Year: 2019, Value: 5}},
		},
		{
			name:   "sum_full_year",
			ind:    withFreq(scoring.Quarterly, scoring.AggregateSum),
			values: []scoring.Value{sub("q", 2020, 1, 1), sub("q", 2020, 2, 2), sub("q", 2020, 3, 3), sub("q", 2020, 4, 4)},
			want:   []scoring.Point{{Year: 2020, Value: 10}}, // 1 + 2 + 3 + 4
		},
		{
			name:   "sum_missing_quarter_is_partial",
			ind:    withFreq(scoring.Quarterly, scoring.AggregateSum),
			values: []scoring.Value{sub("q", 2020, 1, 1), sub("q", 2020, 2, 2), sub("q", 2020, 4, 4)},
			want:   []scoring.Point{{Year: 2020, Value: 7, Partial: true}}, // 1 + 2 + 4, Q3 missing
		},
		{
			name:   "mean_missing_quarter_is_partial",
			ind:    withFreq(scoring.Quarterly, scoring.AggregateMean),
			values: []scoring.Value{sub("q", 2020, 1, 1), sub("q", 2020, 2, 2), sub("q", 2020, 4, 4)},
			want:   []scoring.Point{{Year: 2020, Value: 7.0 / 3, Partial: true}}, // (1 + 2 + 4) / 3
		},
		{
			name:   "last_missing_q4_takes_q3_and_is_partial",
			ind:    withFreq(scoring.Quarterly, scoring.AggregateLast),
			values: []scoring.Value{sub("q", 2020, 3, 3), sub("q", 2020, 1, 1), sub("q", 2020, 2, 2)},
			want:   []scoring.Point{{Year: 2020, Value: 3, Partial: true}},
		},
		{
			name:   "last_takes_latest_period_not_latest_given",
			ind:    withFreq(scoring.Quarterly, scoring.AggregateLast),
			values: []scoring.Value{sub("q", 2020, 4, 40), sub("q", 2020, 1, 1), sub("q", 2020, 2, 2), sub("q", 2020, 3, 3)},
			want:   []scoring.Point{{Year: 2020, Value: 40}},
		},
		{
			name: "sub_annual_duplicate_counts_once",
			ind:  withFreq(scoring.Quarterly, scoring.AggregateSum),
			// Q2 revised from 2 to 5: 1 + 5 + 3 + 4 = 13, still a full year.
			values: []scoring.Value{sub("q", 2020, 1, 1), sub("q", 2020, 2, 2), sub("q", 2020, 3, 3), sub("q", 2020, 4, 4), sub("q", 2020, 2, 5)},
			want:   []scoring.Point{{Year: 2020, Value: 13}},
		},
		{
			name:   "monthly_mean_full_year",
			ind:    withFreq(scoring.Monthly, scoring.AggregateMean),
			values: months(2021, 1, 12),
			want:   []scoring.Point{{Year: 2021, Value: 6.5}}, // (1 + … + 12) / 12 = 78 / 12
		},
		{
			name:   "monthly_sum_two_years_second_partial",
			ind:    withFreq(scoring.Monthly, scoring.AggregateSum),
			values: append(months(2021, 1, 12), months(2022, 1, 6)...),
			// 2021: 78; 2022: 1 + … + 6 = 21 with six months missing.
			want: []scoring.Point{{Year: 2021, Value: 78}, {Year: 2022, Value: 21, Partial: true}},
		},
		{
			name:   "no_values",
			ind:    annual,
			values: nil,
			want:   nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := scoring.Series(tt.ind, tt.values)
			if err != nil {
				t.Fatalf("Series: %v", err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Series = %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i].Year != tt.want[i].Year || got[i].Partial != tt.want[i].Partial || !near(got[i].Value, tt.want[i].Value) {
					t.Errorf("point %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// months returns monthly values from..to of year, each equal to its month.
func months(year, from, to int) []scoring.Value {
	var vs []scoring.Value
	for m := from; m <= to; m++ {
		vs = append(vs, sub("q", year, m, float64(m)))
	}
	return vs
}

func TestSeriesErrors(t *testing.T) {
	tests := []struct {
		name string
		ind  scoring.Indicator
		v    scoring.Value
		want string
	}{
		{"annual_with_quarter", up(), sub("up", 2020, 1, 1), "does not fit its annual frequency"},
		{"quarterly_without_period", withFreq(scoring.Quarterly, scoring.AggregateSum), sub("q", 2020, 0, 1), "does not fit its quarterly"},
		{"quarter_5", withFreq(scoring.Quarterly, scoring.AggregateSum), sub("q", 2020, 5, 1), "does not fit"},
		{"month_13", withFreq(scoring.Monthly, scoring.AggregateSum), sub("q", 2020, 13, 1), "does not fit its monthly"},
		{"not_a_number", up(), sub("up", 2020, 0, math.NaN()), "not a finite number"},
		{"invalid_indicator", withFreq(scoring.Monthly, ""), sub("q", 2020, 1, 1), "needs an aggregation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scoring.Series(tt.ind, []scoring.Value{tt.v})
			if err == nil || !strings.HasPrefix(err.Error(), "scoring: ") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Series error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestAtAndAsOf(t *testing.T) {
	series := []scoring.Point{{Year: 2016, Value: 1}, {Year: 2018, Value: 2, Partial: true}, {Year: 2021, Value: 3}}
	tests := []struct {
		name     string
		year     int
		at, asOf float64 // -1 = none
		asOfYear int
	}{
		{"before_first_none", 2015, -1, -1, 0},
		{"exact_first", 2016, 1, 1, 2016},
		{"gap_year_takes_previous", 2017, -1, 1, 2016},
		{"exact_partial_year", 2018, 2, 2, 2018},
		{"gap_after_partial", 2020, -1, 2, 2018},
		{"exact_last", 2021, 3, 3, 2021},
		{"after_last", 2030, -1, 3, 2021},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := scoring.At(series, tt.year)
			if ok != (tt.at >= 0) || ok && p.Value != tt.at {
				t.Errorf("At(%d) = %+v, %v; want %g", tt.year, p, ok, tt.at)
			}
			p, ok = scoring.AsOf(series, tt.year)
			if ok != (tt.asOf >= 0) || ok && (p.Value != tt.asOf || p.Year != tt.asOfYear) {
				t.Errorf("AsOf(%d) = %+v, %v; want %g from %d", tt.year, p, ok, tt.asOf, tt.asOfYear)
			}
		})
	}
}
