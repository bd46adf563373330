package indicators

import (
	"testing"
	"time"
)

func TestCalendarIsLate(t *testing.T) {
	c := Calendar{Year: 2024, DueOn: "2025-03-31"}
	// The due day ends at 2025-04-01 00:00 in UTC+8, 2025-03-31 16:00 UTC.
	for at, want := range map[time.Time]bool{
		time.Date(2025, 3, 31, 15, 59, 59, 0, time.UTC): false,
		time.Date(2025, 3, 31, 16, 0, 0, 0, time.UTC):   true,
		time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC):     false,
		time.Date(2025, 4, 2, 0, 0, 0, 0, time.UTC):     true,
	} {
		if got := c.IsLate(at); got != want {
			t.Errorf("submitted %s: late %v, want %v", at, got, want)
		}
	}
	if (Calendar{}).IsLate(time.Now()) {
		t.Error("a calendar without a due day made a value late")
	}
	if at, ok := (Calendar{CloseOn: "2025-06-30"}).ClosesAt(); !ok || !at.Equal(time.Date(2025, 6, 29, 16, 0, 0, 0, time.UTC)) {
		t.Errorf("closes at %s %v", at, ok)
	}
}

func TestCalendarValidate(t *testing.T) {
	for name, c := range map[string]struct {
		cal   Calendar
		field string
	}{
		"ok":             {Calendar{Year: 2024, DueOn: "2025-03-31", CloseOn: "2025-06-30"}, ""},
		"ok_no_close":    {Calendar{Year: 2024, DueOn: "2025-03-31"}, ""},
		"bad_due":        {Calendar{Year: 2024, DueOn: "31/03/2025"}, "due_on"},
		"no_due":         {Calendar{Year: 2024}, "due_on"},
		"bad_close":      {Calendar{Year: 2024, DueOn: "2025-03-31", CloseOn: "2025-02-30"}, "close_on"},
		"close_too_soon": {Calendar{Year: 2024, DueOn: "2025-03-31", CloseOn: "2025-03-30"}, "close_on"},
	} {
		t.Run(name, func(t *testing.T) {
			err := c.cal.Validate()
			if c.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			e, ok := err.(*Error)
			if !ok || len(e.Fields) != 1 || e.Fields[0].Field != c.field {
				t.Fatalf("want an error on %s, got %v", c.field, err)
			}
		})
	}
}
