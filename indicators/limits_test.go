package indicators

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// endless yields prefix, then n bytes of fill, made as they are read: a
// 300 MB line without a 300 MB buffer.
type endless struct {
	prefix string
	fill   byte
	n      int64
}

func (e *endless) Read(p []byte) (int, error) {
	if e.prefix != "" {
		k := copy(p, e.prefix)
		e.prefix = e.prefix[k:]
		return k, nil
	}
	if e.n == 0 {
		return 0, io.EOF
	}
	k := int(min(int64(len(p)), e.n))
	for i := range p[:k] {
		p[i] = e.fill
	}
	e.n -= int64(k)
	return k, nil
}

func TestCSVLimits(t *testing.T) {
	refused := func(t *testing.T, r io.Reader, line int, words string) {
		t.Helper()
		rd := NewCSVRows(r)
		var err error
		for err == nil {
			_, _, err = rd.Next()
		}
		var e *Error
		if !errors.As(err, &e) || e.Code != Invalid || len(e.Fields) != 1 || e.Fields[0].Line != line || !strings.Contains(e.Message, words) {
			t.Fatalf("got %v, want line %d saying %q", err, line, words)
		}
		if len(e.Message) > 200 {
			t.Fatalf("the message is %d bytes", len(e.Message))
		}
	}
	t.Run("300MB_single_line", func(t *testing.T) {
		src := &endless{fill: 'a', n: 300 << 20}
		refused(t, src, 1, "a cell on line 1 is longer than 64 KiB")
		if read := 300<<20 - src.n; read > 2<<20 {
			t.Fatalf("read %d bytes of the line before refusing it", read)
		}
	})
	t.Run("long_row_of_short_cells", func(t *testing.T) {
		refused(t, &endless{prefix: "zone_code,value\nLY,1\n", fill: ',', n: 300 << 20}, 3, "line 3 is longer than 1024 KiB")
	})
	t.Run("quoted_field_over_many_lines", func(t *testing.T) {
		refused(t, &endless{prefix: "zone_code,comment\nLY,\"", fill: '\n', n: 10 << 20}, 2, "a cell on line 2 is longer than 64 KiB")
	})
	t.Run("too_many_cells", func(t *testing.T) {
		refused(t, strings.NewReader("a\n"+strings.Repeat("x,", MaxColumns)+"x\n"), 2, "line 2 has 65 cells")
	})
	t.Run("trailing_empty_cells_and_doubled_quotes_ok", func(t *testing.T) {
		rd := NewCSVRows(strings.NewReader("a,b" + strings.Repeat(",", 200) + "\n\"say \"\"hi\"\", ok\",2,,, \n"))
		_, h, err := rd.Next()
		if err != nil || len(h) != 2 {
			t.Fatalf("header %q, %v", h, err)
		}
		_, rec, err := rd.Next()
		if err != nil || len(rec) != 2 || rec[0] != `say "hi", ok` {
			t.Fatalf("row %q, %v", rec, err)
		}
	})
}

// TestExtraCells: a value past the header's last column is refused with
// its line; empty cells there are not.
func TestExtraCells(t *testing.T) {
	_, err := ReadZones(NewCSVRows(strings.NewReader("code,name_en\nA,Alpha,,\nB,Beta,,oops\nC,Gamma\n")))
	var e *Error
	if !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Line != 3 || e.Fields[0].Code != "extra_cells" ||
		!strings.Contains(e.Fields[0].Message, "column 4") {
		t.Fatalf("got %v %+v", err, e)
	}
}

// TestExcerpt: a bad header name or value is quoted as a short excerpt,
// once in the field and once in the message, never whole.
func TestExcerpt(t *testing.T) {
	huge := strings.Repeat("é", 1<<20)
	_, err := ReadHeader(NewCSVRows(strings.NewReader(huge[:60000]+"\n")), MeasurementColumns, MeasurementColumns[:4])
	var e *Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		t.Fatalf("got %v", err)
	}
	fe := e.Fields[0]
	if fe.Code != "unknown_column" || len([]rune(fe.Field)) != ExcerptRunes+1 || !strings.HasSuffix(fe.Field, "…") ||
		!strings.Contains(fe.Message, "allowed: zone_code, indicator_code, period, value, source, comment") || len(fe.Message) > 300 {
		t.Fatalf("field %q message %q", fe.Field, fe.Message)
	}
	if got := Errorf(Invalid, "zone %q", huge).Message; len(got) > 200 {
		t.Fatalf("Errorf echoed %d bytes", len(got))
	}
	if got := Excerpt("short"); got != "short" {
		t.Fatalf("Excerpt cut a short text: %q", got)
	}
	if got := Excerpt("\xff\xfeab"); got != "\uFFFD\uFFFDab" {
		t.Fatalf("invalid UTF-8 kept: %q", got)
	}
	if _, err := ParsePeriod(huge); len(err.Error()) > 200 {
		t.Fatalf("ParsePeriod echoed %d bytes", len(err.Error()))
	}
}
