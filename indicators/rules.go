package indicators

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Severity says what a failed validation rule does: a warning asks for an
// explanation, an error refuses the value or the import row (SPEC §8).
type Severity string

// The severities.
const (
	SeverityWarning Severity = "warning"
	SeverityError   Severity = "error"
)

// ParseSeverity accepts warning and error; empty is warning.
func ParseSeverity(s string) (Severity, error) {
	switch Severity(s) {
	case "", SeverityWarning:
		return SeverityWarning, nil
	case SeverityError:
		return SeverityError, nil
	}
	return "", fmt.Errorf("severity %q is not one of warning, error", Excerpt(s))
}

// Comparisons are the operators a rule may use.
var Comparisons = []string{"<", "<=", "==", ">=", ">"}

// Rule is a framework's validation rule: left operator right, with a
// relative tolerance, checked per zone × year.
type Rule struct {
	Code      string   `json:"code"`
	Left      string   `json:"left"`
	Operator  string   `json:"operator"`
	Right     string   `json:"right"`
	Tolerance float64  `json:"tolerance"`
	Severity  Severity `json:"severity"`
	MessageEn string   `json:"message_en"`
	MessageZh string   `json:"message_zh"`

	left, right *Expr
}

// RuleColumns are the columns of the rules file.
var RuleColumns = []string{"code", "left", "operator", "right", "tolerance", "severity", "message_en", "message_zh"}

// MaxTolerance bounds a rule's relative tolerance: beyond 100% a rule says
// nothing.
const MaxTolerance = 1.0

// Compile parses both sides and checks the rule against the indicator
// codes of its framework (known; nil takes every code); each mistake is a
// FieldError on line.
func (r *Rule) Compile(line int, known func(code string) bool, errs *FieldErrors) bool {
	before := errs.Total
	if r.Code == "" {
		errs.Add(line, "code", "required", "code is empty")
	} else if len(r.Code) > MaxCodeLen {
		errs.Add(line, "code", "too_long", "code is longer than %d characters", MaxCodeLen)
	}
	for _, m := range []struct{ name, text string }{{"message_en", r.MessageEn}, {"message_zh", r.MessageZh}} {
		if len(m.text) > MaxCommentLen {
			errs.Add(line, m.name, "too_long", "%s is longer than %d bytes", m.name, MaxCommentLen)
		}
	}
	var err error
	for _, side := range []struct {
		name string
		text string
		out  **Expr
	}{{"left", r.Left, &r.left}, {"right", r.Right, &r.right}} {
		if strings.TrimSpace(side.text) == "" {
			errs.Add(line, side.name, "required", "%s is empty", side.name)
			continue
		}
		*side.out, err = ParseExpr(side.text)
		var ee *ExprError
		if errors.As(err, &ee) {
			errs.Add(line, side.name, "bad_expression", "at character %d: %s", ee.Pos, ee.Reason)
			continue
		}
		for _, c := range (*side.out).Codes() {
			if known != nil && !known(c) {
				errs.Add(line, side.name, "unknown_indicator", "unknown indicator %q in this framework", c)
			}
		}
	}
	if !isComparison(r.Operator) {
		errs.Add(line, "operator", "bad_operator", "operator %q is not one of %s", r.Operator, strings.Join(Comparisons, " "))
	}
	if math.IsNaN(r.Tolerance) || r.Tolerance < 0 || r.Tolerance > MaxTolerance {
		errs.Add(line, "tolerance", "out_of_range", "tolerance must be between 0 and %g (a share, 0.05 = 5%%)", MaxTolerance)
	}
	if r.left != nil && r.right != nil && len(r.left.Codes())+len(r.right.Codes()) == 0 {
		errs.Add(line, "left", "no_indicator", "the rule names no indicator")
	}
	return errs.Total == before
}

func isComparison(op string) bool {
	for _, c := range Comparisons {
		if c == op {
			return true
		}
	}
	return false
}

// Codes are the indicators the rule reads; a rule is checked for a value
// of any of them.
func (r *Rule) Codes() []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range []*Expr{r.left, r.right} {
		if e == nil {
			continue
		}
		for _, c := range e.Codes() {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// RuleState is the outcome of one rule for a zone × year.
type RuleState string

// The rule outcomes: a rule that cannot be computed because a value is
// missing is not checked; a division by zero is reported, never a crash.
const (
	RuleHolds      RuleState = "holds"
	RuleFails      RuleState = "fails"
	RuleNotChecked RuleState = "not_checked"
	RuleDivByZero  RuleState = "division_by_zero"
)

// RuleOutcome is a rule's state with the two sides' figures.
type RuleOutcome struct {
	State       RuleState
	Left, Right float64
	// Missing names the indicator without a value when not checked.
	Missing string
}

// Check evaluates a compiled rule with one zone × year's values.
//
// The tolerance widens the comparison by a share of the right side:
// a <= b holds when a <= b + t·|b|, a < b when a < b + t·|b|, a >= b
// when a >= b − t·|b|, a > b when a > b − t·|b|, and a == b when
// |a − b| <= t·max(|a|, |b|).
func (r *Rule) Check(value func(code string) (float64, bool)) RuleOutcome {
	if r.left == nil || r.right == nil {
		return RuleOutcome{State: RuleNotChecked}
	}
	var out RuleOutcome
	for _, side := range []struct {
		e   *Expr
		dst *float64
	}{{r.left, &out.Left}, {r.right, &out.Right}} {
		v, err := side.e.Eval(value)
		var mv *MissingValueError
		switch {
		case errors.As(err, &mv):
			return RuleOutcome{State: RuleNotChecked, Missing: mv.Code}
		case errors.Is(err, ErrDivByZero):
			out.State = RuleDivByZero
			return out
		}
		*side.dst = v
	}
	a, b, t := out.Left, out.Right, r.Tolerance
	slack := t * math.Abs(b)
	var ok bool
	switch r.Operator {
	case "<=":
		ok = a <= b+slack
	case "<":
		ok = a < b+slack
	case ">=":
		ok = a >= b-slack
	case ">":
		ok = a > b-slack
	case "==":
		ok = math.Abs(a-b) <= t*math.Max(math.Abs(a), math.Abs(b))
	}
	out.State = RuleFails
	if ok {
		out.State = RuleHolds
	}
	return out
}

// ReadRules reads a rules file (RuleColumns) for a framework whose
// indicator codes are known. The whole file is refused on any mistake,
// every mistake listed with its line and column.
func ReadRules(rd RowReader, known func(code string) bool) ([]Rule, error) {
	h, err := ReadHeader(rd, RuleColumns, []string{"code", "left", "operator", "right"})
	if err != nil {
		return nil, err
	}
	var errs FieldErrors
	var out []Rule
	seen := map[string]int{}
	for {
		line, rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if Blank(rec) {
			continue
		}
		if len(out) >= MaxRules {
			errs.Add(line, "", "too_many_rows", "a framework has at most %d rules", MaxRules)
			break
		}
		if wide, text := h.CheckWidth(line, rec, &errs), h.CheckCells(line, rec, &errs); !wide || !text {
			continue
		}
		r := Rule{Code: h.Get(rec, "code"), Left: h.Get(rec, "left"), Operator: h.Get(rec, "operator"), Right: h.Get(rec, "right"),
			MessageEn: h.Get(rec, "message_en"), MessageZh: h.Get(rec, "message_zh")}
		if s := h.Get(rec, "tolerance"); s != "" {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				errs.Add(line, "tolerance", "not_a_number", "tolerance %s is not a number", shortQuote(s))
				continue
			}
			r.Tolerance = v
		}
		sev, err := ParseSeverity(h.Get(rec, "severity"))
		if err != nil {
			errs.Add(line, "severity", "invalid", "%s", err.Error())
			continue
		}
		r.Severity = sev
		if !r.Compile(line, known, &errs) {
			continue
		}
		if prev, dup := seen[r.Code]; dup {
			errs.Add(line, "code", "duplicate", "rule %q is already on line %d", r.Code, prev)
			continue
		}
		seen[r.Code] = line
		out = append(out, r)
	}
	if err := errs.Err("the rules file was not imported"); err != nil {
		return nil, err
	}
	return out, nil
}

// MaxRules caps a framework's rules: each is checked for every value.
const MaxRules = 500

// RulesResult says what a rules import did.
type RulesResult struct {
	Framework string `json:"framework"`
	Rules     int    `json:"rules"`
	Removed   int    `json:"removed"`
	DryRun    bool   `json:"dry_run"`
}
