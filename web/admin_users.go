package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/locale"
)

// userForm is a user's form as typed: the new-user form (ID 0) or a
// user's edit form. The password is never sent back to the page.
type userForm struct {
	ID       int64
	Email    string
	Name     string
	Role     string
	Language string
	Zones    map[string]bool
	Disabled bool
	Password string
	Errors   map[string]string
}

// ZoneList is the form's zones as a text field holds them: their codes
// in order, separated by commas.
func (f userForm) ZoneList() string {
	codes := make([]string, 0, len(f.Zones))
	for z := range f.Zones {
		codes = append(codes, z)
	}
	slices.Sort(codes)
	return strings.Join(codes, ", ")
}

// Roles lists the roles for the role select.
func (userForm) Roles() []indicators.Role {
	return []indicators.Role{indicators.RoleOfficer, indicators.RoleReviewer, indicators.RoleAuditor, indicators.RoleAdmin}
}

func userFormOf(u indicators.User) userForm {
	f := userForm{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), Language: u.Language, Disabled: u.Disabled, Zones: map[string]bool{}}
	for _, z := range u.Zones {
		f.Zones[z] = true
	}
	return f
}

// UserForm is the edit form of u: the refused one when it is u's.
func (d *adminData) UserForm(u indicators.User) userForm {
	if d.Edit != nil && d.Edit.ID == u.ID {
		return *d.Edit
	}
	return userFormOf(u)
}

// readUserForm reads the fields email, name, role, zones (repeated),
// language, disabled and password.
func readUserForm(c *gin.Context) userForm {
	f := userForm{Email: strings.TrimSpace(c.PostForm("email")), Name: strings.TrimSpace(c.PostForm("name")), Role: c.PostForm("role"),
		Language: c.PostForm("language"), Disabled: c.PostForm("disabled") != "", Password: c.PostForm("password"),
		Zones: map[string]bool{}, Errors: map[string]string{}}
	// A long zone list is a text field of codes separated by commas or
	// spaces rather than a list to choose from.
	for _, v := range c.PostFormArray("zones") {
		for _, z := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '，' || unicode.IsSpace(r) }) {
			f.Zones[z] = true
		}
	}
	return f
}

func (f *userForm) input() indicators.UserInput {
	in := indicators.UserInput{Email: f.Email, Name: f.Name, Role: indicators.Role(f.Role), Language: f.Language, Disabled: f.Disabled, Password: f.Password}
	for z := range f.Zones {
		in.Zones = append(in.Zones, z)
	}
	slices.Sort(in.Zones)
	return in
}

// check applies the rules of a user; create asks for an email and a
// password, an edit keeps the email and changes the password only when
// one is typed.
func (f *userForm) check(l *Lang, zones []indicators.Zone, create bool) {
	if create && (!strings.Contains(f.Email, "@") || strings.ContainsAny(f.Email, " \t,;") || len(f.Email) > 254) {
		f.Errors["email"] = l.T("admin.error.email")
	}
	if len([]rune(f.Name)) > 200 {
		f.Errors["name"] = l.T("admin.error.too_long", "Max", 200)
	}
	role, err := indicators.ParseRole(f.Role)
	if err != nil {
		f.Errors["role"] = l.T("admin.error.role")
	}
	if f.Language != "" && locale.Of(f.Language) == nil {
		f.Errors["language"] = l.T("admin.error.language")
	}
	switch {
	case create && f.Password == "":
		f.Errors["password"] = l.T("admin.error.password_required")
	case f.Password != "" && len(f.Password) < indicators.MinPasswordLength:
		f.Errors["password"] = l.T("admin.error.password_short", "Min", indicators.MinPasswordLength)
	case len(f.Password) > 72:
		f.Errors["password"] = l.T("admin.error.password_long")
	}
	for z := range f.Zones {
		if !slices.ContainsFunc(zones, func(k indicators.Zone) bool { return k.Code == z }) {
			f.Errors["zones"] = l.T("admin.error.zones.unknown_zone")
		}
	}
	if (role == indicators.RoleOfficer || role == indicators.RoleReviewer) && len(f.Zones) == 0 {
		f.Errors["zones"] = l.T("admin.error.zones_required")
	}
}

// adminUserCreate serves POST /admin/users.
func (s *Server) adminUserCreate(c *gin.Context) {
	ctx := c.Request.Context()
	l := langOf(c)
	f := readUserForm(c)
	zones, err := s.svc.ListZones(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	f.check(l, zones, true)
	status := http.StatusUnprocessableEntity
	var problem *pageProblem
	if len(f.Errors) == 0 {
		u, err := s.svc.CreateUser(ctx, f.input(), principalOf(c))
		if err == nil {
			s.adminDone(c, "users", l.T("admin.users.created", "Email", u.Email))
			return
		}
		if status, problem = s.adminRefusal(c, err, f.Errors, "email", "admin.error.email_taken"); status == 0 {
			return
		}
	}
	f.Password = ""
	s.renderAdmin(c, status, "users", "", func(d *adminData) { d.NewUser, d.Problem = f, problem })
}

// adminUserUpdate serves POST /admin/users/{id}: name, role, zones,
// language, disabled, and a new password when one is typed. An
// administrator cannot disable or demote their own account, which would
// lock them out.
func (s *Server) adminUserUpdate(c *gin.Context) {
	ctx := c.Request.Context()
	l := langOf(c)
	p := principalOf(c)
	u, ok := s.userOfParam(c)
	if !ok {
		return
	}
	id := u.ID
	zones, err := s.svc.ListZones(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	f := readUserForm(c)
	f.ID, f.Email = id, u.Email
	f.check(l, zones, false)
	if id == p.UserID && f.Disabled {
		f.Errors["disabled"] = l.T("admin.error.self")
	}
	if id == p.UserID && f.Role != string(indicators.RoleAdmin) {
		f.Errors["role"] = l.T("admin.error.self")
	}
	status := http.StatusUnprocessableEntity
	var problem *pageProblem
	if len(f.Errors) == 0 {
		u, err := s.svc.UpdateUser(ctx, id, f.input(), p)
		if err == nil {
			s.adminDone(c, "users", l.T("admin.users.updated", "Email", u.Email))
			return
		}
		if status, problem = s.adminRefusal(c, err, f.Errors, "", ""); status == 0 {
			return
		}
	}
	f.Password = ""
	s.renderAdmin(c, status, "users", "", func(d *adminData) { d.Edit, d.Problem = &f, problem })
}

// userOfParam is the user of the route's :id; false when there is none
// and the 404 has been sent.
func (s *Server) userOfParam(c *gin.Context) (indicators.User, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(c, indicators.Errorf(indicators.NotFound, "user not found"))
		return indicators.User{}, false
	}
	users, err := s.svc.ListUsers(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return indicators.User{}, false
	}
	i := slices.IndexFunc(users, func(u indicators.User) bool { return u.ID == id })
	if i < 0 {
		s.fail(c, indicators.Errorf(indicators.NotFound, "user %d not found", id))
		return indicators.User{}, false
	}
	return users[i], true
}
