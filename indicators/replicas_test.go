package indicators

import (
	"context"
	"testing"
)

// TestWALPositions: positions read as PostgreSQL writes them, compare as
// the log grows, write back the same, and anything else is refused.
func TestWALPositions(t *testing.T) {
	for text, want := range map[string]WALPosition{
		"0/0":               0,
		"0/3000060":         0x3000060,
		"16/B374D848":       0x16_B374D848,
		"16/b374d848":       0x16_B374D848,
		"FFFFFFFF/FFFFFFFF": 1<<64 - 1,
	} {
		got, err := ParseWALPosition(text)
		if err != nil || got != want {
			t.Errorf("%q: %v, %v; want %v", text, got, err, want)
		}
	}
	if p, _ := ParseWALPosition("16/B374D848"); p.String() != "16/B374D848" {
		t.Errorf("written back as %q", p.String())
	}
	a, _ := ParseWALPosition("0/FFFFFFFF")
	b, _ := ParseWALPosition("1/0")
	if !(a < b) {
		t.Errorf("0/FFFFFFFF is not before 1/0")
	}
	for _, bad := range []string{"", "/", "0/", "/0", "0", "0/0/0", "G/0", "0/-1", "+1/0", " 0/0", "0/0 ",
		"100000000/0", "0/100000000", "0x1/0", "000000000/0", "FFFFFFFF/FFFFFFFF0"} {
		if p, err := ParseWALPosition(bad); err == nil {
			t.Errorf("%q taken as %v", bad, p)
		}
	}
	ctx := context.Background()
	if ReadAfter(ctx) != 0 || ReadAfter(WithReadAfter(ctx, 0)) != 0 {
		t.Error("a context without a write position has one")
	}
	if got := ReadAfter(WithReadAfter(ctx, b)); got != b {
		t.Errorf("ReadAfter = %v, want %v", got, b)
	}
}
