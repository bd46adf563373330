package indicators

import "testing"

func TestParseYear(t *testing.T) {
	tests := []struct {
		in   string
		want int
		code string // "" when accepted
	}{
		{"2019", 2019, ""},
		{" 2020 ", 2020, ""},
		{"1900", 1900, ""},
		{"2200", 2200, ""},
		{"1899", 0, "invalid"},
		{"2201", 0, "invalid"},
		{"twenty", 0, "invalid"},
		{"2019.5", 0, "invalid"},
		{"", 0, "required"},
	}
	for _, tc := range tests {
		y, err := ParseYear(tc.in)
		fields := FieldsOf(err)
		switch {
		case tc.code == "" && (err != nil || y != tc.want):
			t.Errorf("ParseYear(%q) = %d, %v; want %d", tc.in, y, err, tc.want)
		case tc.code != "" && (len(fields) != 1 || fields[0].Field != "year" || fields[0].Code != tc.code || fields[0].Message != "year must be a year such as 2019"):
			t.Errorf("ParseYear(%q): %v %+v, want the year refused as %s", tc.in, err, fields, tc.code)
		}
	}
	if CheckYear(2019) != nil || CheckYear(1899) == nil || CheckYear(2201) == nil {
		t.Error("CheckYear does not keep to MinYear..MaxYear")
	}
}
