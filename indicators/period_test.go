package indicators

import "testing"

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in      string
		want    Period
		wantErr bool
	}{
		{in: "2019", want: Period{Year: 2019, Frequency: Annual}},
		{in: "2019-Q1", want: Period{Year: 2019, Sub: 1, Frequency: Quarterly}},
		{in: "2019-q4", want: Period{Year: 2019, Sub: 4, Frequency: Quarterly}},
		{in: "2019-03", want: Period{Year: 2019, Sub: 3, Frequency: Monthly}},
		{in: "2019-12", want: Period{Year: 2019, Sub: 12, Frequency: Monthly}},
		{in: "2019-13", wantErr: true},
		{in: "2019-00", wantErr: true},
		{in: "2019-Q5", wantErr: true},
		{in: "2019-Q0", wantErr: true},
		{in: "19", wantErr: true},
		{in: "1899", wantErr: true},
		{in: "2019-1", wantErr: true},
		{in: "2019/03", wantErr: true},
		{in: "abcd", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePeriod(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParsePeriod(%q) = %+v, want an error", tt.in, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParsePeriod(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestPeriodStringIsCanonical(t *testing.T) {
	for in, want := range map[string]string{"2019": "2019", "2019-q2": "2019-Q2", "2019-07": "2019-07"} {
		p, err := ParsePeriod(in)
		if err != nil {
			t.Fatal(err)
		}
		if p.String() != want {
			t.Errorf("ParsePeriod(%q).String() = %q, want %q", in, p.String(), want)
		}
	}
	if n := len(PeriodsOfYear(2020, Monthly)); n != 12 {
		t.Errorf("PeriodsOfYear monthly = %d periods, want 12", n)
	}
}

func TestBoundsDefaults(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	y := func(v int) *int { return &v }
	t.Run("best_and_worst_from_target_and_baseline", func(t *testing.T) {
		ind := Indicator{TargetValue: f(80), TargetYear: y(2030), BaselineValue: f(20), BaselineYear: y(2015)}
		b, err := ind.Bounds()
		if err != nil {
			t.Fatal(err)
		}
		// red defaults to the value scoring 50: 20 + (80-20)/2 = 50; green to best.
		if b != (Bounds{Best: 80, Worst: 20, Green: 80, Red: 50}) {
			t.Fatalf("bounds = %+v", b)
		}
	})
	t.Run("lower_is_better_default_red", func(t *testing.T) {
		ind := Indicator{Best: f(10), Worst: f(70)}
		b, err := ind.Bounds()
		if err != nil {
			t.Fatal(err)
		}
		// 70 + (10-70)/2 = 40
		if b.Red != 40 || b.HigherIsBetter() {
			t.Fatalf("bounds = %+v", b)
		}
	})
	t.Run("best_equals_worst", func(t *testing.T) {
		ind := Indicator{Best: f(5), Worst: f(5)}
		if _, err := ind.Bounds(); err == nil {
			t.Fatal("best == worst accepted")
		}
	})
	t.Run("nothing_to_take_best_from", func(t *testing.T) {
		ind := Indicator{Worst: f(5)}
		if _, err := ind.Bounds(); err == nil {
			t.Fatal("missing best accepted")
		}
	})
}
