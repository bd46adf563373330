package indicators

import "testing"

// TestEnumScan: every closed set reads its own names from the database,
// as text or bytes, and refuses anything else.
func TestEnumScan(t *testing.T) {
	var f Frequency
	var a Aggregation
	var s Status
	var r Role
	ok := []struct {
		name string
		scan func(any) error
		src  any
		got  func() string
		want string
	}{
		{"frequency", f.Scan, "quarterly", func() string { return string(f) }, "quarterly"},
		{"aggregation", a.Scan, []byte("mean"), func() string { return string(a) }, "mean"},
		{"status", s.Scan, "approved", func() string { return string(s) }, "approved"},
		{"role", r.Scan, []byte("auditor"), func() string { return string(r) }, "auditor"},
	}
	for _, tc := range ok {
		if err := tc.scan(tc.src); err != nil || tc.got() != tc.want {
			t.Errorf("%s: scan %v: %q, %v", tc.name, tc.src, tc.got(), err)
		}
	}
	for _, bad := range []struct {
		name string
		scan func(any) error
		src  any
	}{
		{"frequency_unknown", f.Scan, "weekly"},
		{"aggregation_unknown", a.Scan, "median"},
		{"status_unknown", s.Scan, "deleted"},
		{"role_unknown", r.Scan, "root"},
		{"role_number", r.Scan, int64(1)},
		{"status_null", s.Scan, nil},
	} {
		if err := bad.scan(bad.src); err == nil {
			t.Errorf("%s: %v was taken", bad.name, bad.src)
		}
	}
	if v, err := RoleOfficer.Value(); v != "officer" || err != nil {
		t.Errorf("Role.Value = %v, %v", v, err)
	}
}
