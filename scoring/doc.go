// Package scoring turns a framework's catalogue and a zone's measured values
// into a scorecard, following the method of SPEC §3 (written out in words and
// worked examples in docs/methodology.md).
//
// The package is pure: standard library only, no I/O, no clock, no database
// and no mutable globals, so every scorecard can be recomputed by anyone from
// the same inputs and gives the same answer. It knows nothing specific to
// IGMC: perspectives, indicator codes and grade bands all arrive as data.
//
// Every fraction in this package (coverage, progress, expected progress) is a
// number between 0 and 1, not a percentage; scores are on the 0–100 scale.
package scoring

// MethodVersion identifies the scoring method. It is stamped on every Card so
// that a scorecard or export can always be traced to the rules that made it;
// change it whenever a rule in this package or docs/methodology.md changes.
const MethodVersion = "1.1.0"

// DefaultTargetYear is the target year a trend is measured against when the
// indicator has none (SPEC §3.7).
const DefaultTargetYear = 2030

// tolerance is how close a computed quantity (an average, a rate, a sum of
// points) may come to a threshold and still count as having reached it, so
// that binary rounding in the last digit never changes a colour, a trend or a
// grade that hand arithmetic says is exactly on the line.
const tolerance = 1e-9

// atLeast reports whether the computed value a has reached the threshold t,
// allowing for rounding (see tolerance).
func atLeast(a, t float64) bool { return a >= t-tolerance }
