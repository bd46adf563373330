package indicators

import "fmt"

// Permission is what a role grants: the rows of the permission table of
// the specification. Every route names the one it needs, and every change
// of a value is checked against it (May).
type Permission string

// The permissions.
const (
	// PermPublic: anyone, signed in or not (health checks, the sign-in).
	PermPublic Permission = "public"
	// PermRead: read the catalogue, zones, values and scorecards in scope.
	PermRead Permission = "read"
	// PermEdit: create and edit draft values, import, submit.
	PermEdit Permission = "edit"
	// PermReview: approve or reject submitted values.
	PermReview Permission = "review"
	// PermExport: export data, reports and the audit trail in scope.
	PermExport Permission = "export"
	// PermAdmin: manage users, zones, frameworks, the catalogue and periods.
	PermAdmin Permission = "admin"
	// PermSignedIn: any signed-in user (their own tokens, sign-out).
	PermSignedIn Permission = "signed_in"
	// PermFollowUp: flag a value for follow-up and resolve a flag
	// (reviewers and auditors, SPEC §8).
	PermFollowUp Permission = "follow_up"
	// PermSignOff: sign off a zone's year and withdraw a sign-off
	// (reviewers and administrators, SPEC §9).
	PermSignOff Permission = "sign_off"
)

// rolePerms is the permission table: what each role may do. Zone scope and
// the workflow's rules come on top of it, in May.
var rolePerms = map[Role]map[Permission]bool{
	RoleAdmin:    {PermRead: true, PermEdit: true, PermReview: true, PermExport: true, PermAdmin: true, PermSignedIn: true, PermFollowUp: true, PermSignOff: true},
	RoleOfficer:  {PermRead: true, PermEdit: true, PermExport: true, PermSignedIn: true},
	RoleReviewer: {PermRead: true, PermReview: true, PermExport: true, PermSignedIn: true, PermFollowUp: true, PermSignOff: true},
	RoleAuditor:  {PermRead: true, PermExport: true, PermSignedIn: true, PermFollowUp: true},
}

// Allowed reports whether role grants perm. Everyone has PermPublic, even
// the empty role of a caller who has not signed in.
func Allowed(role Role, perm Permission) bool {
	return perm == PermPublic || rolePerms[role][perm]
}

// Action is something done to a value: entered (created or changed),
// imported, or moved along the workflow.
type Action string

// ReviewAction is an action of the workflow, what Service.Review takes:
// ActionSubmit, ActionApprove or ActionReject.
type ReviewAction = Action

// The actions.
const (
	// ActionEnter creates a value or changes its number, source or comment.
	ActionEnter Action = "enter"
	// ActionImport enters the values of a file.
	ActionImport Action = "import"
	// ActionImportApproved imports values that are approved at once.
	ActionImportApproved Action = "import_approved"
	ActionSubmit         Action = "submit"
	ActionApprove        Action = "approve"
	ActionReject         Action = "reject"
	// ActionEditPlan: change a zone's plan or mark its indicators not
	// applicable (SPEC §2.2).
	ActionEditPlan Action = "edit_plan"
	// ActionAdoptPlan: adopt a version of a zone's plan, or approve or
	// reject its not-applicable marks.
	ActionAdoptPlan Action = "adopt_plan"
	// ActionFollowUp: flag a value for follow-up, or resolve a flag.
	ActionFollowUp Action = "follow_up"
)

// needs is the permission an action requires of the role.
var needs = map[Action]Permission{
	ActionEnter:          PermEdit,
	ActionImport:         PermEdit,
	ActionImportApproved: PermAdmin,
	ActionSubmit:         PermEdit,
	ActionApprove:        PermReview,
	ActionReject:         PermReview,
	ActionEditPlan:       PermEdit,
	ActionAdoptPlan:      PermReview,
	ActionFollowUp:       PermFollowUp,
}

// Target is the value an action is done to, as far as the rules need it.
// A zero Target asks about the role alone; Zone adds the zone's scope;
// EnteredBy (with ID, which names the value in the refusal) adds the rule
// that nobody but an administrator approves or rejects their own entry.
type Target struct {
	ID        int64
	Zone      string
	EnteredBy string
}

// May answers whether p may do action to the value t: nil when it may, a
// Forbidden error that says why when it may not. It is the one place the
// workflow's rules live; the HTTP layer checks routes with Allowed, the
// store checks every change with May.
func May(p *Principal, action Action, t Target) error {
	perm, ok := needs[action]
	if !ok {
		return Errorf(Internal, "indicators: unknown action %q", string(action))
	}
	if !Allowed(p.Role, perm) {
		switch {
		case action == ActionEnter && p.Role == RoleReviewer:
			return Errorf(Forbidden, "reviewers review values; officers enter them")
		case action == ActionEnter && p.Role == RoleAuditor:
			return Errorf(Forbidden, "auditors read; they do not change values")
		case action == ActionImportApproved:
			return Errorf(Forbidden, "only an administrator may import values as approved")
		case action == ActionFollowUp:
			return Errorf(Forbidden, "reviewers and auditors flag values for follow-up; officers answer them")
		}
		return Errorf(Forbidden, "your role (%s) may not %s values", p.Role, action)
	}
	if t.Zone != "" && !p.InScope(t.Zone) {
		return Errorf(Forbidden, "zone %q is not one of your zones", t.Zone)
	}
	if (action == ActionApprove || action == ActionReject) && t.EnteredBy != "" && t.EnteredBy == p.Email && p.Role != RoleAdmin {
		return Errorf(Forbidden, "%s was entered by you: another reviewer must %s it", valueName(t.ID), action)
	}
	return nil
}

// MayEditPlan reports whether the principal may edit a zone's plan and
// mark its indicators not applicable: an administrator, or an officer of
// the zone (May with ActionEditPlan). The store asks it on every write; the
// pages ask it to offer the forms.
func (p *Principal) MayEditPlan(zone string) bool {
	return (zone != "" || p.Role == RoleAdmin) && May(p, ActionEditPlan, Target{Zone: zone}) == nil
}

// MayAdoptPlan reports whether the principal may adopt a version of a
// zone's plan and approve or reject its not-applicable marks: an
// administrator, or a reviewer of the zone — never an officer, nor a
// reviewer of another zone (May with ActionAdoptPlan).
func (p *Principal) MayAdoptPlan(zone string) bool {
	return (zone != "" || p.Role == RoleAdmin) && May(p, ActionAdoptPlan, Target{Zone: zone}) == nil
}

// valueName names a value in a refusal.
func valueName(id int64) string {
	if id == 0 {
		return "the value"
	}
	return fmt.Sprintf("measurement %d", id)
}
