package indicators

import "testing"

func TestQualitySame(t *testing.T) {
	for _, c := range []struct {
		a, b Quality
		want bool
	}{
		{"", "", true},
		{"", QualityAdministrative, true},
		{QualityAdministrative, "", true},
		{QualityEstimate, QualityEstimate, true},
		{"", QualityOfficial, false},
		{QualityAdministrative, QualitySurvey, false},
		{QualityEstimate, QualityModelled, false},
	} {
		if got := c.a.Same(c.b); got != c.want {
			t.Errorf("%q.Same(%q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
