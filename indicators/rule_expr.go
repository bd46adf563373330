package indicators

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Expr is one side of a validation rule (SPEC §8): numbers, indicator codes,
// + − * / and parentheses, parsed once and evaluated for each zone × year.
type Expr struct {
	text string
	root node
	// codes are the indicator codes the expression reads, in order of first use.
	codes []string
}

// MaxExprLength caps a rule's side: a rule is a line of a file, not a program.
const MaxExprLength = 500

// ErrDivByZero is a rule side that divides by zero for a zone × year.
var ErrDivByZero = errors.New("division by zero")

// MissingValueError is a rule side that needs an indicator without a value.
type MissingValueError struct{ Code string }

func (e *MissingValueError) Error() string { return "no value for " + e.Code }

// ExprError is a mistake in a rule's expression, at Pos (1-based, in
// characters).
type ExprError struct {
	Pos    int
	Reason string
}

func (e *ExprError) Error() string { return fmt.Sprintf("at character %d: %s", e.Pos, e.Reason) }

// ParseExpr reads an expression. An indicator code is letters, digits and
// underscores, optionally followed by a dash and more of them where the dash
// is followed by a digit ("SPC-01"); write a space before a minus that
// follows a code ("ECO-01 - ECO-02"). Both − (U+2212) and - are minus, × and ÷
// are accepted for * and /.
func ParseExpr(s string) (*Expr, error) {
	if len([]rune(s)) > MaxExprLength {
		return nil, &ExprError{Pos: MaxExprLength + 1, Reason: fmt.Sprintf("longer than %d characters", MaxExprLength)}
	}
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	root, err := p.expr(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEnd {
		return nil, &ExprError{Pos: t.pos, Reason: fmt.Sprintf("unexpected %q", t.text)}
	}
	e := &Expr{text: strings.TrimSpace(s), root: root}
	seen := map[string]bool{}
	for _, t := range toks {
		if t.kind == tCode && !seen[t.text] {
			seen[t.text] = true
			e.codes = append(e.codes, t.text)
		}
	}
	return e, nil
}

// String is the expression as written.
func (e *Expr) String() string { return e.text }

// Codes are the indicator codes the expression reads.
func (e *Expr) Codes() []string { return e.codes }

// Eval computes the expression with the values of one zone × year. A code
// without a value is a *MissingValueError; a division by zero is
// ErrDivByZero; neither ever panics.
func (e *Expr) Eval(value func(code string) (float64, bool)) (float64, error) {
	return e.root.eval(value)
}

type tokKind int

const (
	tEnd tokKind = iota
	tNum
	tCode
	tOp
	tOpen
	tClose
)

type token struct {
	kind tokKind
	text string
	num  float64
	pos  int
}

func lex(s string) ([]token, error) {
	rs := []rune(s)
	var out []token
	for i := 0; i < len(rs); {
		r := rs[i]
		pos := i + 1
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(' || r == ')':
			k := tOpen
			if r == ')' {
				k = tClose
			}
			out = append(out, token{kind: k, text: string(r), pos: pos})
			i++
		case strings.ContainsRune("+-*/−×÷", r):
			op := map[rune]string{'−': "-", '×': "*", '÷': "/"}[r]
			if op == "" {
				op = string(r)
			}
			out = append(out, token{kind: tOp, text: op, pos: pos})
			i++
		case r >= '0' && r <= '9' || r == '.':
			j := i
			for j < len(rs) && (rs[j] >= '0' && rs[j] <= '9' || rs[j] == '.') {
				j++
			}
			text := string(rs[i:j])
			v, err := strconv.ParseFloat(text, 64)
			if err != nil || math.IsInf(v, 0) {
				return nil, &ExprError{Pos: pos, Reason: fmt.Sprintf("%q is not a number", text)}
			}
			out = append(out, token{kind: tNum, text: text, num: v, pos: pos})
			i = j
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || r == '_'):
			j := i
			word := func() {
				for j < len(rs) && rs[j] < unicode.MaxASCII && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || rs[j] == '_') {
					j++
				}
			}
			word()
			if j+1 < len(rs) && rs[j] == '-' && rs[j+1] >= '0' && rs[j+1] <= '9' {
				j++
				word()
			}
			out = append(out, token{kind: tCode, text: string(rs[i:j]), pos: pos})
			i = j
		default:
			return nil, &ExprError{Pos: pos, Reason: fmt.Sprintf("%q is not allowed here", string(r))}
		}
	}
	return append(out, token{kind: tEnd, text: "end", pos: len(rs) + 1}), nil
}

type parser struct {
	toks []token
	i    int
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

// maxDepth bounds nesting, so a file of parentheses cannot exhaust the stack.
const maxDepth = 50

// expr := term (("+"|"-") term)*
func (p *parser) expr(depth int) (node, error) {
	if depth > maxDepth {
		return nil, &ExprError{Pos: p.peek().pos, Reason: fmt.Sprintf("nested deeper than %d", maxDepth)}
	}
	left, err := p.term(depth)
	if err != nil {
		return nil, err
	}
	for t := p.peek(); t.kind == tOp && (t.text == "+" || t.text == "-"); t = p.peek() {
		p.next()
		right, err := p.term(depth)
		if err != nil {
			return nil, err
		}
		left = binary{op: t.text[0], l: left, r: right}
	}
	return left, nil
}

// term := factor (("*"|"/") factor)*
func (p *parser) term(depth int) (node, error) {
	left, err := p.factor(depth)
	if err != nil {
		return nil, err
	}
	for t := p.peek(); t.kind == tOp && (t.text == "*" || t.text == "/"); t = p.peek() {
		p.next()
		right, err := p.factor(depth)
		if err != nil {
			return nil, err
		}
		left = binary{op: t.text[0], l: left, r: right}
	}
	return left, nil
}

// factor := number | code | "(" expr ")" | "-" factor
func (p *parser) factor(depth int) (node, error) {
	t := p.next()
	switch {
	case t.kind == tNum:
		return num(t.num), nil
	case t.kind == tCode:
		return code(t.text), nil
	case t.kind == tOp && t.text == "-":
		if depth > maxDepth {
			return nil, &ExprError{Pos: t.pos, Reason: fmt.Sprintf("nested deeper than %d", maxDepth)}
		}
		inner, err := p.factor(depth + 1)
		if err != nil {
			return nil, err
		}
		return binary{op: '-', l: num(0), r: inner}, nil
	case t.kind == tOpen:
		inner, err := p.expr(depth + 1)
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tClose {
			return nil, &ExprError{Pos: c.pos, Reason: fmt.Sprintf("expected \")\" for the \"(\" at character %d, found %q", t.pos, c.text)}
		}
		return inner, nil
	case t.kind == tEnd:
		return nil, &ExprError{Pos: t.pos, Reason: "the expression ends where a number, a code or \"(\" is expected"}
	}
	return nil, &ExprError{Pos: t.pos, Reason: fmt.Sprintf("unexpected %q where a number, a code or \"(\" is expected", t.text)}
}

type node interface {
	eval(value func(string) (float64, bool)) (float64, error)
}

type num float64

func (n num) eval(func(string) (float64, bool)) (float64, error) { return float64(n), nil }

type code string

func (c code) eval(value func(string) (float64, bool)) (float64, error) {
	v, ok := value(string(c))
	if !ok {
		return 0, &MissingValueError{Code: string(c)}
	}
	return v, nil
}

type binary struct {
	op   byte
	l, r node
}

func (b binary) eval(value func(string) (float64, bool)) (float64, error) {
	l, err := b.l.eval(value)
	if err != nil {
		return 0, err
	}
	r, err := b.r.eval(value)
	if err != nil {
		return 0, err
	}
	switch b.op {
	case '+':
		return l + r, nil
	case '-':
		return l - r, nil
	case '*':
		return l * r, nil
	}
	if r == 0 {
		return 0, ErrDivByZero
	}
	return l / r, nil
}
