package indicators

import (
	"errors"
	"testing"
)

// TestAllowed is the permission table, role by role, written out: a change
// to rolePerms shows here as a failing row.
func TestAllowed(t *testing.T) {
	all := []Permission{PermPublic, PermRead, PermEdit, PermReview, PermExport, PermAdmin, PermSignedIn}
	want := map[Role][]Permission{
		RoleAdmin:    {PermPublic, PermRead, PermEdit, PermReview, PermExport, PermAdmin, PermSignedIn},
		RoleOfficer:  {PermPublic, PermRead, PermEdit, PermExport, PermSignedIn},
		RoleReviewer: {PermPublic, PermRead, PermReview, PermExport, PermSignedIn},
		RoleAuditor:  {PermPublic, PermRead, PermExport, PermSignedIn},
		"":           {PermPublic},
	}
	for role, perms := range want {
		has := map[Permission]bool{}
		for _, p := range perms {
			has[p] = true
		}
		for _, p := range all {
			if got := Allowed(role, p); got != has[p] {
				t.Errorf("Allowed(%q, %s) = %v, want %v", role, p, got, has[p])
			}
		}
	}
}

// TestMay walks the workflow's rules: the role's permission for the
// action, the zone's scope, and nobody but an administrator approving or
// rejecting their own entry, each refusal with its words.
func TestMay(t *testing.T) {
	admin := &Principal{Email: "admin@example.org", Role: RoleAdmin}
	officer := &Principal{Email: "officer@example.org", Role: RoleOfficer, Zones: map[string]bool{"LY": true, "LY-N": true}}
	reviewer := &Principal{Email: "reviewer@example.org", Role: RoleReviewer, Zones: map[string]bool{"LY": true}}
	auditor := &Principal{Email: "auditor@example.org", Role: RoleAuditor}
	tests := []struct {
		name   string
		p      *Principal
		action Action
		t      Target
		want   string // "" when allowed
	}{
		{"officer_enters", officer, ActionEnter, Target{}, ""},
		{"officer_enters_in_sub_zone", officer, ActionEnter, Target{Zone: "LY-N"}, ""},
		{"officer_out_of_zone", officer, ActionEnter, Target{Zone: "OTHER"}, `zone "OTHER" is not one of your zones`},
		{"officer_submits", officer, ActionSubmit, Target{Zone: "LY"}, ""},
		{"officer_imports", officer, ActionImport, Target{}, ""},
		{"officer_imports_approved", officer, ActionImportApproved, Target{}, "only an administrator may import values as approved"},
		{"officer_approves", officer, ActionApprove, Target{}, "your role (officer) may not approve values"},
		{"officer_rejects", officer, ActionReject, Target{}, "your role (officer) may not reject values"},
		{"reviewer_enters", reviewer, ActionEnter, Target{}, "reviewers review values; officers enter them"},
		{"reviewer_submits", reviewer, ActionSubmit, Target{}, "your role (reviewer) may not submit values"},
		{"reviewer_imports", reviewer, ActionImport, Target{}, "your role (reviewer) may not import values"},
		{"reviewer_approves", reviewer, ActionApprove, Target{ID: 7, Zone: "LY", EnteredBy: "officer@example.org"}, ""},
		{"reviewer_rejects", reviewer, ActionReject, Target{ID: 7, Zone: "LY", EnteredBy: "officer@example.org"}, ""},
		{"reviewer_out_of_zone", reviewer, ActionApprove, Target{Zone: "LY-N"}, `zone "LY-N" is not one of your zones`},
		{"reviewer_own_entry", reviewer, ActionApprove, Target{ID: 7, Zone: "LY", EnteredBy: "reviewer@example.org"}, "measurement 7 was entered by you: another reviewer must approve it"},
		{"reviewer_own_entry_reject", reviewer, ActionReject, Target{ID: 9, EnteredBy: "reviewer@example.org"}, "measurement 9 was entered by you: another reviewer must reject it"},
		{"auditor_enters", auditor, ActionEnter, Target{Zone: "LY"}, "auditors read; they do not change values"},
		{"officer_edits_plan", officer, ActionEditPlan, Target{Zone: "LY"}, ""},
		{"officer_adopts_plan", officer, ActionAdoptPlan, Target{Zone: "LY"}, "your role (officer) may not adopt_plan values"},
		{"reviewer_adopts_plan", reviewer, ActionAdoptPlan, Target{Zone: "LY"}, ""},
		{"reviewer_adopts_other_zone", reviewer, ActionAdoptPlan, Target{Zone: "LY-N"}, `zone "LY-N" is not one of your zones`},
		{"reviewer_edits_plan", reviewer, ActionEditPlan, Target{Zone: "LY"}, "your role (reviewer) may not edit_plan values"},
		{"auditor_adopts_plan", auditor, ActionAdoptPlan, Target{Zone: "LY"}, "your role (auditor) may not adopt_plan values"},
		{"auditor_submits", auditor, ActionSubmit, Target{}, "your role (auditor) may not submit values"},
		{"auditor_approves", auditor, ActionApprove, Target{}, "your role (auditor) may not approve values"},
		{"admin_any_zone", admin, ActionEnter, Target{Zone: "OTHER"}, ""},
		{"admin_imports_approved", admin, ActionImportApproved, Target{}, ""},
		{"admin_approves_own_entry", admin, ActionApprove, Target{ID: 7, Zone: "LY", EnteredBy: "admin@example.org"}, ""},
		{"officer_submits_own_entry", officer, ActionSubmit, Target{ID: 7, Zone: "LY", EnteredBy: "officer@example.org"}, ""},
		{"nobody", &Principal{}, ActionEnter, Target{}, "your role () may not enter values"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := May(tc.p, tc.action, tc.t)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && err == nil:
				t.Fatalf("allowed, want %q", tc.want)
			case tc.want != "":
				var e *Error
				if !errors.As(err, &e) || e.Code != Forbidden || e.Message != tc.want {
					t.Fatalf("got %s %q, want forbidden %q", CodeOf(err), err, tc.want)
				}
			}
		})
	}
	if err := May(admin, Action("delete"), Target{}); CodeOf(err) != Internal {
		t.Fatalf("an unknown action: %v, want an internal error", err)
	}
}

// TestPlanRules shows the plan rules are May's: who edits and who adopts
// a zone's plan, and that no zone is nobody's but an administrator's.
func TestPlanRules(t *testing.T) {
	admin := &Principal{Role: RoleAdmin}
	officer := &Principal{Role: RoleOfficer, Zones: map[string]bool{"LY": true}}
	reviewer := &Principal{Role: RoleReviewer, Zones: map[string]bool{"LY": true}}
	for _, c := range []struct {
		p           *Principal
		zone        string
		edit, adopt bool
	}{
		{admin, "LY", true, true}, {admin, "", true, true},
		{officer, "LY", true, false}, {officer, "CY", false, false}, {officer, "", false, false},
		{reviewer, "LY", false, true}, {reviewer, "CY", false, false}, {reviewer, "", false, false},
	} {
		if got := c.p.MayEditPlan(c.zone); got != c.edit {
			t.Errorf("%s edits %q: %v, want %v", c.p.Role, c.zone, got, c.edit)
		}
		if got := c.p.MayAdoptPlan(c.zone); got != c.adopt {
			t.Errorf("%s adopts %q: %v, want %v", c.p.Role, c.zone, got, c.adopt)
		}
	}
}
