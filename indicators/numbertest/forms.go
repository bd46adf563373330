// Package numbertest holds the table of number forms that every reader of
// typed numbers is tested with: the number reader itself, the entry page,
// the API and both import formats.
package numbertest

// Accepted is a form people type that reads as Want.
type Accepted struct {
	In   string
	Want float64
	// Percent: the form ends in a percent sign, taken on a percentage
	// indicator only.
	Percent bool
}

// Refused is a form refused with Code. Seen are what each language's
// message must show of what was understood (the value, its readings).
type Refused struct {
	In   string
	Code string
	Seen []string
}

// Accepted forms. Values are kept within the plausible ranges of the
// pilot catalogue's indicators: negatives within ±10, percentages within
// 0–100, the rest at most 100 000.
var AcceptedForms = []Accepted{
	{"9595", 9595, false},
	{"9,595", 9595, false},
	{"12,345.5", 12345.5, false},
	{"1,234,567.5e-2", 12345.675, false},
	{"99,999", 99999, false},
	{" 42 ", 42, false},
	{"\u00a042\u00a0", 42, false},
	{"\u300042\u3000", 42, false},
	{"\t7.25\n", 7.25, false},
	{"９５９５", 9595, false},
	{"９，５９５", 9595, false},
	{"１２．５", 12.5, false},
	{"１２。５", 12.5, false},
	{"－３", -3, false},
	{"＋3", 3, false},
	{"−3", -3, false},
	{"-1.5", -1.5, false},
	{"+0.5", 0.5, false},
	{".5", 0.5, false},
	{"3e4", 30000, false},
	{"45%", 45, true},
	{"45 %", 45, true},
	{"45％", 45, true},
	{"４５．５％", 45.5, true},
	{"0.5%", 0.5, true},
	{"\u300012.5%\u3000", 12.5, true},
}

// RefusedForms are refused on every indicator.
var RefusedForms = []Refused{
	{"1,5", "number_ambiguous", []string{"1,5", "1.5", "15"}},
	{"12,34", "number_ambiguous", []string{"12,34", "12.34", "1234"}},
	{"0,123", "number_ambiguous", []string{"0,123", "0.123", "123"}},
	{"1234,567", "number_ambiguous", []string{"1234,567", "1234.567", "1234567"}},
	{"１，５", "number_ambiguous", []string{"１，５", "1.5", "15"}},
	{"1.234,5", "number_comma_decimal", []string{"1.234,5", "1234.5"}},
	{"1,234.5,6", "number_grouping", []string{"1,234.5,6"}},
	{"1,234,5", "number_grouping", []string{"1,234,5"}},
	{"12,34,567", "number_grouping", []string{"12,34,567"}},
	{",5", "number_grouping", []string{",5"}},
	{"1.2.3", "number_dots", []string{"1.2.3"}},
	{"1.234.567", "number_dots", []string{"1.234.567"}},
	{"1 234", "number_space", []string{"1 234"}},
	{"1e400", "number_too_large", []string{"1e400"}},
	{"1e-400", "number_too_small", []string{"1e-400"}},
	{"NaN", "number_not_finite", []string{"NaN"}},
	{"-Inf", "number_not_finite", []string{"-Inf"}},
	{"infinity", "number_not_finite", []string{"infinity"}},
	{"0x10", "number_hex", []string{"0x10"}},
	{"0b101", "number_hex", []string{"0b101"}},
	{"eighty", "not_a_number", nil},
	{"12abc", "not_a_number", nil},
	{"1_000", "not_a_number", nil},
	{"%", "not_a_number", nil},
	{"+", "not_a_number", nil},
	{"1e", "not_a_number", nil},
}

// PercentOnNonPercent is a percent form given for an indicator that is
// not measured in percent: refused naming the indicator's unit.
var PercentOnNonPercent = Refused{In: "45%", Code: "number_percent_unit", Seen: []string{"45%"}}
