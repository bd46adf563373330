package reports

import (
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/locale"
	"igmc/scoring"
)

func TestWarningText(t *testing.T) {
	rules := []indicators.Rule{
		{Code: "pm25-within-pm10", Left: "ENV-01", Operator: "<=", Right: "ENV-02", Severity: indicators.SeverityError,
			MessageEn: "PM2.5 is part of PM10", MessageZh: "PM2.5 是 PM10 的一部分"},
		{Code: "share", Left: "SPC-05 / SPC-01", Operator: "<=", Right: "1", Tolerance: 0.05},
	}
	warn := indicators.SeverityWarning
	for _, c := range []struct {
		name   string
		w      scoring.Warning
		en, zh string
	}{
		{"jump_z", scoring.Warning{Check: scoring.CheckJump, Severity: warn, Figures: map[string]float64{
			"previous": 104, "change": -101, "changes": 4, "median_change": 1.5, "z": -138.2725, "relative_change": -0.971}},
			"Unusual change for this zone: -101 from 104, a robust z-score of -138.3 among its 4 earlier year-on-year changes (median 1.5).",
			"本区域的变化异常：由 104 变化 -101，在其此前 4 次逐年变化（中位数 1.5）中的稳健 z 分数为 -138.3。"},
		{"jump_short", scoring.Warning{Check: scoring.CheckJump, Severity: warn, Figures: map[string]float64{
			"previous": 100, "change": -97, "changes": 0, "relative_change": -0.97}},
			"Large change for this zone: -97 (-97%) from 100. With fewer than 4 earlier changes, a change of more than half the previous value is queried.",
			"本区域的变化较大：由 100 变化 -97（-97%）。此前的逐年变化不足 4 次时，超过上一年数值一半的变化需要核实。"},
		{"jump_trend", scoring.Warning{Check: scoring.CheckJump, Severity: warn, Figures: map[string]float64{
			"previous": 50, "change": 40, "changes": 4, "median_change": 10, "relative_change": 0.8}},
			"Break in a steady trend: a change of +40 from 50 where every earlier year changed by 10.",
			"稳定趋势出现中断：此前每年均变化 10，本次由 50 变化 +40。"},
		{"peer_z", scoring.Warning{Check: scoring.CheckPeer, Severity: warn, Figures: map[string]float64{"peers": 5, "peer_median": 12, "z": 12.141}},
			"Far from the 5 zones of the same type this period: their median is 12, a robust z-score of 12.1.",
			"与本期 5 个同类型区域相差较大：其中位数为 12，稳健 z 分数为 12.1。"},
		{"peer_same", scoring.Warning{Check: scoring.CheckPeer, Severity: warn, Figures: map[string]float64{"peers": 5, "peer_median": 50}},
			"Far from the 5 zones of the same type this period, which all report 50.",
			"与本期 5 个同类型区域相差较大，这些区域报送的数值均为 50。"},
		{"flat", scoring.Warning{Check: scoring.CheckFlat, Severity: warn, Figures: map[string]float64{"years": 4, "value": 5, "since": 2016}},
			"The same value, 5, for 4 years in a row since 2016: was it measured again, or copied forward?",
			"连续 4 年（自 2016 年起）数值相同，均为 5：是否重新测算过，还是沿用了往年数据？"},
		{"rule_error", scoring.Warning{Check: scoring.CheckRule, Rule: "pm25-within-pm10", Severity: indicators.SeverityError, State: indicators.RuleFails,
			Figures: map[string]float64{"left": 43.3333, "right": 40, "tolerance": 0}},
			"Refused: PM2.5 is part of PM10 (rule pm25-within-pm10: ENV-01 = 43.3333 is not <= ENV-02 = 40).",
			"不予接受：PM2.5 是 PM10 的一部分（规则 pm25-within-pm10：ENV-01 = 43.3333，不满足 <= ENV-02 = 40）。"},
		{"rule_plain_tolerance", scoring.Warning{Check: scoring.CheckRule, Rule: "share", Severity: warn, State: indicators.RuleFails,
			Figures: map[string]float64{"left": 3.3333, "right": 1, "tolerance": 0.05}},
			"Rule share fails: SPC-05 / SPC-01 = 3.3333 is not <= 1 = 1, within 5%.",
			"规则 share 未通过：SPC-05 / SPC-01 = 3.3333，不满足 <= 1 = 1，容差 5%。"},
		{"rule_division_by_zero", scoring.Warning{Check: scoring.CheckRule, Rule: "share", Severity: warn, State: indicators.RuleDivByZero, Figures: map[string]float64{}},
			"Rule share cannot be checked: with these values it divides by zero (SPC-05 / SPC-01 <= 1).",
			"规则 share 无法检查：按这些数值计算会出现除以零（SPC-05 / SPC-01 <= 1）。"},
	} {
		t.Run(c.name, func(t *testing.T) {
			for lang, want := range map[string]string{"en": c.en, "zh": c.zh} {
				got := WarningText(locale.Of(lang), c.w, rules)
				if got != want || strings.Contains(got, locale.MissingMark) {
					t.Errorf("%s:\n got %s\nwant %s", lang, got, want)
				}
			}
		})
	}
}
