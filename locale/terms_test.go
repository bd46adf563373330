package locale

import (
	"strings"
	"testing"
)

// TestSameWordForSameThing: every label that names one concept says it
// with one word in each language, so a reader never wonders whether
// 等级 and 评级, or 已审核 and 已批准, are two things. Each concept lists
// keys whose whole text must agree (ignoring case and a trailing colon),
// and keys whose text must contain the concept's word.
func TestSameWordForSameThing(t *testing.T) {
	for _, c := range []struct {
		concept  string
		same     []string
		word     map[string]string
		contains []string
	}{
		{"grade", []string{"home.col.grade", "report.grade", "scorecard.grade", "planner.diff.grade"},
			map[string]string{"en": "grade", "zh": "等级"}, []string{"catalogue.grades", "planner.next"}},
		{"not graded", []string{"report.not_graded", "scorecard.grade.none", "home.no_grade"}, nil, nil},
		{"rating", []string{"report.rating", "scorecard.rating", "planner.diff.rating"},
			map[string]string{"en": "rating", "zh": "评级"}, []string{"report.rating_in"}},
		{"basis", []string{"report.basis", "scorecard.basis"}, nil, nil},
		{"official", []string{"scorecard.official_short"}, map[string]string{"en": "official", "zh": "正式"}, []string{"basis.official"}},
		{"working", []string{"scorecard.working_short"}, map[string]string{"en": "working view", "zh": "工作视图"}, []string{"basis.working"}},
		{"approved", []string{"status.approved", "plan.mark.approved"}, map[string]string{"en": "approved", "zh": "已批准"},
			[]string{"basis.official"}},
		{"approved value in force", []string{"audit.in_force", "review.col.in_force"}, nil, nil},
		{"rejected", []string{"status.rejected"}, map[string]string{"en": "rejected", "zh": "已退回"}, nil},
		{"submitted", []string{"status.submitted"}, map[string]string{"en": "submitted", "zh": "已提交"}, nil},
		{"draft", []string{"status.draft"}, map[string]string{"en": "draft", "zh": "草稿"}, []string{"entry.draft"}},
		{"perspective", []string{"report.perspective", "review.perspective", "notfound.kind.perspective"},
			map[string]string{"en": "perspective", "zh": "维度"}, []string{"report.perspectives", "scorecard.perspectives", "catalogue.contents", "review.all_perspectives"}},
		{"indicator", []string{"catalogue.indicator", "entry.col.indicator", "home.col.indicator", "plan.indicator", "scorecard.indicator", "notfound.kind.indicator"},
			map[string]string{"en": "indicator", "zh": "指标"}, nil},
		{"zone", []string{"audit.col.zone", "audit.zone", "compare.zone", "home.col.zone", "import.zone", "review.zone", "audit.entity.zone", "notfound.kind.zone"},
			map[string]string{"en": "zone", "zh": "区域"}, []string{"admin.tab.zones", "admin.zones.title"}},
		{"period", []string{"home.col.period", "report.period", "review.col.period"}, map[string]string{"en": "period", "zh": "期间"}, nil},
		{"reporting period (open or closed)", []string{"audit.entity.period"}, map[string]string{"en": "reporting period", "zh": "报告期"},
			[]string{"entry.closed", "field.closed_period", "error.conflict", "admin.tab.periods", "admin.periods.title"}},
	} {
		for _, l := range Languages {
			lang := Of(l)
			norm := func(key string) string {
				s := lang.T(key)
				if strings.HasPrefix(s, MissingMark) {
					t.Errorf("%s: %s has no text in %s", c.concept, key, l)
				}
				return strings.ToLower(strings.TrimRight(s, ":："))
			}
			first := norm(c.same[0])
			for _, k := range c.same[1:] {
				if got := norm(k); got != first {
					t.Errorf("%s in %s: %s says %q but %s says %q", c.concept, l, c.same[0], first, k, got)
				}
			}
			w := c.word[l]
			if w == "" {
				continue
			}
			if first != w {
				t.Errorf("%s in %s: %s says %q, want %q", c.concept, l, c.same[0], first, w)
			}
			for _, k := range c.contains {
				if got := norm(k); !strings.Contains(got, w) {
					t.Errorf("%s in %s: %s (%q) does not use the word %q", c.concept, l, k, got, w)
				}
			}
		}
	}
}
