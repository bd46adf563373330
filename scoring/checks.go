package scoring

import (
	"math"
	"slices"

	"igmc/indicators"
)

// The data-quality checks of SPEC §8 give warnings, not errors: each says
// why a value looks wrong and which figures say so, and a person resolves
// it with an explanation. docs/quality.md works an example of each.
const (
	// ZLimit is the robust z-score beyond which a value is unusual
	// (Iglewicz and Hoaglin's recommended cut for the modified z-score).
	ZLimit = 3.5
	// MinChanges is how many earlier year-on-year changes the jump check
	// needs before it trusts their spread; with fewer it asks whether the
	// change is over ShortSeriesChange of the previous value.
	MinChanges        = 4
	ShortSeriesChange = 0.5
	// MinPeers is how many zones of the same type the peer check needs.
	MinPeers = 5
	// FlatYears is the run of equal values, in consecutive years, that is
	// suspicious: a figure copied forward rather than measured.
	FlatYears = 4
)

// The checks' names, the codes of their warnings.
const (
	CheckJump = "jump"
	CheckPeer = "peer"
	CheckFlat = "flat"
	CheckRule = "rule"
)

// Warning is one check's finding on a value (a domain type, kept with
// the value it warns of).
type Warning = indicators.Warning

// YearValue is a zone's value of an indicator in a year.
type YearValue struct {
	Year  int
	Value float64
}

// median of xs (not empty); xs is not changed.
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// robustZ is the modified z-score of x among xs: 0.6745·(x − median)/MAD.
// When the MAD is zero (half the values equal), the mean absolute deviation
// stands in, scaled by 1.253314 so both estimate the same spread; when that
// is zero too (all values equal) there is no spread to measure and ok is
// false.
func robustZ(x float64, xs []float64) (z, med float64, ok bool) {
	med = median(xs)
	dev := make([]float64, len(xs))
	sum := 0.0
	for i, v := range xs {
		dev[i] = math.Abs(v - med)
		sum += dev[i]
	}
	if mad := median(dev); mad > 0 {
		return 0.6745 * (x - med) / mad, med, true
	}
	if mean := sum / float64(len(xs)); mean > 0 {
		return (x - med) / (1.253314 * mean), med, true
	}
	return 0, med, false
}

// Jump checks a value against the zone's own earlier values of the
// indicator (ascending by year, without the value's own year). The change
// is from the latest earlier value. With MinChanges or more earlier
// changes, a change whose robust z-score among them is beyond ZLimit warns;
// with fewer, or when the earlier changes are all equal, a change of more
// than ShortSeriesChange of the previous value (of the median change, for
// equal changes) warns. From a previous value of zero a relative change has
// no meaning, so only the z-score can warn.
func Jump(earlier []YearValue, value float64) *Warning {
	if len(earlier) == 0 {
		return nil
	}
	prev := earlier[len(earlier)-1].Value
	change := value - prev
	var changes []float64
	for i := 1; i < len(earlier); i++ {
		changes = append(changes, earlier[i].Value-earlier[i-1].Value)
	}
	fig := map[string]float64{"previous": prev, "change": change, "changes": float64(len(changes))}
	if prev != 0 {
		fig["relative_change"] = change / math.Abs(prev)
	}
	if len(changes) >= MinChanges {
		z, med, ok := robustZ(change, changes)
		fig["median_change"] = med
		if ok {
			fig["z"] = z
			if math.Abs(z) > ZLimit {
				return &Warning{Check: CheckJump, Severity: indicators.SeverityWarning, Figures: fig}
			}
			return nil
		}
		// Equal earlier changes: a steady trend; only a large break warns.
		if prev != 0 && math.Abs(change-med)/math.Abs(prev) > ShortSeriesChange {
			return &Warning{Check: CheckJump, Severity: indicators.SeverityWarning, Figures: fig}
		}
		return nil
	}
	if prev != 0 && math.Abs(change)/math.Abs(prev) > ShortSeriesChange {
		return &Warning{Check: CheckJump, Severity: indicators.SeverityWarning, Figures: fig}
	}
	return nil
}

// Peer checks a value against the same indicator's values of the other
// zones of the same type in the same year: with at least MinPeers of them,
// a robust z-score beyond ZLimit warns. When all peers agree (no spread), a
// value more than ShortSeriesChange away from them warns.
func Peer(value float64, peers []float64) *Warning {
	if len(peers) < MinPeers {
		return nil
	}
	z, med, ok := robustZ(value, peers)
	return peerWarning(value, len(peers), z, med, ok)
}

// peerWarning decides the peer check from n peers' median and the value's
// robust z-score among them (ok false: the peers have no spread).
func peerWarning(value float64, n int, z, med float64, ok bool) *Warning {
	fig := func() map[string]float64 { return map[string]float64{"peers": float64(n), "peer_median": med} }
	if ok {
		if math.Abs(z) > ZLimit {
			f := fig()
			f["z"] = z
			return &Warning{Check: CheckPeer, Severity: indicators.SeverityWarning, Figures: f}
		}
		return nil
	}
	if value != med && (med == 0 || math.Abs(value-med)/math.Abs(med) > ShortSeriesChange) {
		return &Warning{Check: CheckPeer, Severity: indicators.SeverityWarning, Figures: fig()}
	}
	return nil
}

// Flat checks whether the value repeats the zone's earlier values (ascending
// by year) for FlatYears or more consecutive years, its own year included.
func Flat(earlier []YearValue, year int, value float64) *Warning {
	run := 1
	for i := len(earlier) - 1; i >= 0; i-- {
		if earlier[i].Year != year-run || earlier[i].Value != value {
			break
		}
		run++
	}
	if run < FlatYears {
		return nil
	}
	return &Warning{Check: CheckFlat, Severity: indicators.SeverityWarning,
		Figures: map[string]float64{"years": float64(run), "value": value, "since": float64(year - run + 1)}}
}

// Rules checks the framework's rules that read indicator with one zone ×
// year's values: each failed rule is a warning of its severity; a rule that
// divides by zero is a warning saying so (whatever the rule's severity: a
// rule that cannot be computed refuses nothing); a rule missing a value is
// not checked.
func Rules(rules []indicators.Rule, indicator string, value func(code string) (float64, bool)) []Warning {
	var out []Warning
	for i := range rules {
		r := &rules[i]
		if !slices.Contains(r.Codes(), indicator) {
			continue
		}
		o := r.Check(value)
		switch o.State {
		case indicators.RuleFails:
			out = append(out, Warning{Check: CheckRule, Rule: r.Code, Severity: r.Severity, State: o.State,
				Figures: map[string]float64{"left": o.Left, "right": o.Right, "tolerance": r.Tolerance}})
		case indicators.RuleDivByZero:
			out = append(out, Warning{Check: CheckRule, Rule: r.Code, Severity: indicators.SeverityWarning, State: o.State,
				Figures: map[string]float64{}})
		}
	}
	return out
}
