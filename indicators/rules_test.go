package indicators

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestExprEval(t *testing.T) {
	vals := map[string]float64{"SPC-01": 80, "ECO-01": 7.5, "SPC-05": 16, "X_1": 2, "Z": 0}
	get := func(c string) (float64, bool) { v, ok := vals[c]; return v, ok }
	for _, tc := range []struct {
		expr string
		want float64
	}{
		{"1 + 2 * 3", 7},
		{"(1 + 2) * 3", 9},
		{"10 - 4 - 3", 3}, // left to right
		{"12 / 3 / 2", 2},
		{"-SPC-01 + 100", 20},
		{"SPC-01 - 30", 50},
		{"SPC-01-30", 50}, // the code ends at its digits, then a minus
		{"ECO-01 * SPC-05", 120},
		{"ECO-01 × SPC-05 ÷ X_1", 60},
		{"SPC-01 − 80", 0},
		{"--3", 3},
		{"0.5 * (SPC-01 + (X_1 - 2))", 40},
	} {
		e, err := ParseExpr(tc.expr)
		if err != nil {
			t.Fatalf("%q: %v", tc.expr, err)
		}
		got, err := e.Eval(get)
		if err != nil || math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%q = %v, %v; want %v", tc.expr, got, err, tc.want)
		}
	}
	e, _ := ParseExpr("SPC-01 / Z")
	if _, err := e.Eval(get); !errors.Is(err, ErrDivByZero) {
		t.Errorf("division by zero: %v", err)
	}
	e, _ = ParseExpr("SPC-01 / (X_1 - 2)")
	if _, err := e.Eval(get); !errors.Is(err, ErrDivByZero) {
		t.Errorf("division by a zero difference: %v", err)
	}
	e, _ = ParseExpr("SPC-01 + NONE-1")
	var mv *MissingValueError
	if _, err := e.Eval(get); !errors.As(err, &mv) || mv.Code != "NONE-1" {
		t.Errorf("missing value: %v", err)
	}
	if got := strings.Join(e.Codes(), ","); got != "SPC-01,NONE-1" {
		t.Errorf("codes %s", got)
	}
}

func TestExprErrorsNameThePosition(t *testing.T) {
	for _, tc := range []struct {
		expr string
		pos  int
		says string
	}{
		{"1 +", 4, "ends"},
		{"(1 + 2", 7, `")"`},
		{"1 + * 2", 5, `"*"`},
		{"SPC-01 ^ 2", 8, `"^"`},
		{"1 2", 3, `"2"`},
		{"1..2", 1, "not a number"},
		{")", 1, `")"`},
		{"", 1, "ends"},
		{"收入 / 2", 1, `"收"`},
		{strings.Repeat("(", 60) + "1" + strings.Repeat(")", 60), 52, "nested"},
	} {
		_, err := ParseExpr(tc.expr)
		var ee *ExprError
		if !errors.As(err, &ee) {
			t.Errorf("%q: %v, want an expression error", tc.expr, err)
			continue
		}
		if ee.Pos != tc.pos || !strings.Contains(ee.Reason, tc.says) {
			t.Errorf("%q: at %d %q, want at %d saying %s", tc.expr, ee.Pos, ee.Reason, tc.pos, tc.says)
		}
	}
	if _, err := ParseExpr(strings.Repeat("1+", 300) + "1"); err == nil {
		t.Error("an expression over the length limit was taken")
	}
}

// TestRuleComparisons checks every operator at, inside and outside its
// tolerance: with t = 0.05 and right side 100 the slack is 5.
func TestRuleComparisons(t *testing.T) {
	known := func(c string) bool { return c == "A" }
	for _, tc := range []struct {
		op    string
		tol   float64
		left  float64
		holds bool
	}{
		{"<=", 0, 100, true}, {"<=", 0, 100.01, false},
		{"<=", 0.05, 105, true}, {"<=", 0.05, 105.01, false},
		{"<", 0, 99.99, true}, {"<", 0, 100, false},
		{"<", 0.05, 104.99, true}, {"<", 0.05, 105, false},
		{">=", 0, 100, true}, {">=", 0, 99.99, false},
		{">=", 0.05, 95, true}, {">=", 0.05, 94.99, false},
		{">", 0, 100.01, true}, {">", 0, 100, false},
		{">", 0.05, 95.01, true}, {">", 0.05, 95, false},
		{"==", 0, 100, true}, {"==", 0, 100.001, false},
		// |a − b| <= t·max(|a|, |b|): 105 − 100 = 5 <= 0.05·105 = 5.25.
		{"==", 0.05, 105, true},
		// 100 − 95 = 5 <= 0.05·100 = 5.
		{"==", 0.05, 95, true},
		// 100 − 94.7 = 5.3 > 5.
		{"==", 0.05, 94.7, false},
	} {
		r := Rule{Code: "r", Left: "A", Operator: tc.op, Right: "100", Tolerance: tc.tol}
		var errs FieldErrors
		if !r.Compile(2, known, &errs) {
			t.Fatalf("%+v: %v", r, errs.List)
		}
		o := r.Check(func(string) (float64, bool) { return tc.left, true })
		if (o.State == RuleHolds) != tc.holds || o.Left != tc.left || o.Right != 100 {
			t.Errorf("%v %s 100 (tolerance %v): %+v, want holds=%v", tc.left, tc.op, tc.tol, o, tc.holds)
		}
	}
}

func TestReadRules(t *testing.T) {
	known := func(c string) bool { return c == "SPC-01" || c == "SPC-05" || c == "ECO-01" }
	good := "code,left,operator,right,tolerance,severity,message_en,message_zh\n" +
		"share,SPC-01,<=,100,,error,A share cannot exceed 100%,占比不能超过 100%\n" +
		"output,ECO-01 * SPC-05,==,120,0.05,warning,,\n"
	rules, err := ReadRules(NewCSVRows(strings.NewReader(good)), known)
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 2 || rules[0].Severity != SeverityError || rules[1].Severity != SeverityWarning || rules[1].Tolerance != 0.05 {
		t.Fatalf("rules %+v", rules)
	}
	if got := strings.Join(rules[1].Codes(), ","); got != "ECO-01,SPC-05" {
		t.Errorf("codes %s", got)
	}
	bad := "code,left,operator,right,tolerance,severity\n" +
		"a,SPC-01 + NOPE-1,<=,100,,\n" + // line 2: unknown code
		"b,SPC-01 +,<=,100,,\n" + // line 3: broken expression
		"c,SPC-01,=<,100,,\n" + // line 4: bad operator
		"d,SPC-01,<=,100,2,\n" + // line 5: tolerance out of range
		"e,SPC-01,<=,100,,fatal\n" + // line 6: severity
		"a,SPC-05,<=,100,,\n" + // line 7: duplicate code (a was refused, so not a duplicate)
		"f,1,<,2,,\n" + // line 8: no indicator
		"f,SPC-05,<,2,,\n" + // line 9: fine
		"f,SPC-05,<,3,,\n" // line 10: duplicate of 9
	_, err = ReadRules(NewCSVRows(strings.NewReader(bad)), known)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("bad rules: %v", err)
	}
	want := map[int]string{2: "unknown_indicator", 3: "bad_expression", 4: "bad_operator", 5: "out_of_range", 6: "invalid", 8: "no_indicator", 10: "duplicate"}
	got := map[int]string{}
	for _, f := range e.Fields {
		got[f.Line] = f.Code
	}
	for line, code := range want {
		if got[line] != code {
			t.Errorf("line %d: %q, want %q (all: %+v)", line, got[line], code, e.Fields)
		}
	}
	if len(got) != len(want) {
		t.Errorf("errors on lines %v, want %v", got, want)
	}
	for _, f := range e.Fields {
		if f.Line == 2 && !strings.Contains(f.Message, "NOPE-1") {
			t.Errorf("the unknown code is not named: %s", f.Message)
		}
		if f.Line == 3 && !strings.Contains(f.Message, "character 9") {
			t.Errorf("the position is not named: %s", f.Message)
		}
	}
}
