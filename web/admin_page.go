package web

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/locale"
)

// The administration pages: users, zones, reporting periods, frameworks
// and the catalogue, one tab each. Every form is checked here first, with
// the same rules the store applies, so that a mistake comes back beside
// its field in the page's language with what was typed; the store's
// refusals that only it can see (a taken email, a period already closed)
// come back the same way.

// adminTabs are the sections of the page, the default first.
var adminTabs = []string{"users", "zones", "periods", "catalogue"}

// adminData is the page's data: the lists of the open tab and the state of
// its forms.
type adminData struct {
	Tab   string
	Tabs  []string
	Users []indicators.User
	Zones []indicators.Zone
	// ZonePick is the zone fields' picker; the zones tab shows ZoneRows,
	// the page ZonePage of the zones that match ZoneSearch (of Zones).
	ZonePick   zonePicker
	ZoneRows   []indicators.Zone
	ZonePage   comparePager
	ZoneSearch tableSort
	Frameworks []indicators.Framework
	NewUser    userForm
	// Edit is a user's edit form that was refused, shown open with its
	// errors.
	Edit      *userForm
	NewZone   zoneForm
	Framework string
	Periods   []periodLine
	Period    periodForm
	Catalogue catalogueForm
	FwForm    frameworkForm
	Problem   *pageProblem
	// Reset is a reset link just made, shown this once.
	Reset *resetShown
	// ZoneEdit is a zone's edit form that was refused, shown open with
	// its errors; ZonesFile is the zones file form.
	ZoneEdit  *zoneForm
	ZonesFile zonesUploadForm
	// Calendars are the framework's reporting calendar, by year, and
	// CalForm its form.
	Calendars []indicators.Calendar
	CalForm   calendarForm
	// Public is each framework's public site setting (catalogue tab).
	Public []indicators.PublicSetting
}

// adminPage serves GET /admin?tab=users|zones|periods|catalogue (and
// framework= for the periods tab).
func (s *Server) adminPage(c *gin.Context) {
	tab := c.DefaultQuery("tab", adminTabs[0])
	if !slices.Contains(adminTabs, tab) {
		tab = adminTabs[0]
	}
	s.renderAdmin(c, http.StatusOK, tab, c.Query("framework"), nil)
}

// renderAdmin loads what tab shows and renders it; fill sets the state of
// a refused form.
func (s *Server) renderAdmin(c *gin.Context, status int, tab, framework string, fill func(d *adminData)) {
	ctx := c.Request.Context()
	d := &adminData{Tab: tab, Tabs: adminTabs, NewUser: userForm{Role: string(indicators.RoleOfficer)}}
	var err error
	switch tab {
	case "users", "zones":
		if tab == "users" {
			if d.Users, err = s.svc.ListUsers(ctx); err != nil {
				s.fail(c, err)
				return
			}
		}
		d.Zones, err = s.svc.ListZones(ctx)
		d.ZonePick = pickZones(d.Zones)
		if err == nil && tab == "zones" {
			var page int
			if d.ZoneSearch, page, err = zoneListQuery(c.Request.URL.Query()); err != nil {
				break
			}
			var found []indicators.Zone
			for _, z := range d.Zones {
				if d.ZoneSearch.matches(z.Code, z.NameEn, z.NameZh) {
					found = append(found, z)
				}
			}
			q := url.Values{"tab": {"zones"}}
			if d.ZoneSearch.Q != "" {
				q.Set("q", d.ZoneSearch.Q)
			}
			d.ZoneRows, d.ZonePage = pageRows(found, page, "/admin", q)
		}
	case "periods", "catalogue":
		d.Frameworks, err = s.svc.ListFrameworks(ctx)
		if err == nil && tab == "periods" {
			if framework == "" {
				framework = indicators.IGMC.Code
			}
			d.Framework = framework
			d.Periods, err = s.periodLines(c, framework)
			if err == nil {
				d.Calendars, err = s.svc.Calendars(ctx, framework)
			}
		}
		if err == nil && tab == "catalogue" {
			d.Public, err = s.svc.PublicSettings(ctx)
		}
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	if fill != nil {
		fill(d)
	}
	s.renderView(c, status, "admin", &View{Nav: "admin", Data: d, Flash: s.takePageFlash(c)})
}

// adminDone answers a form that worked: a notice, and back to its tab.
func (s *Server) adminDone(c *gin.Context, tab string, msg string, query ...string) {
	s.setPageFlash(c, msg)
	v := url.Values{"tab": {tab}}
	for i := 0; i+1 < len(query); i += 2 {
		v.Set(query[i], query[i+1])
	}
	c.Redirect(http.StatusSeeOther, "/admin?"+v.Encode())
}

// adminRefusal sorts a store's refusal: its field errors join errs; a
// conflict goes to conflictField with the text of conflictKey when given;
// anything else becomes the page's problem. It returns the status to
// answer with, or 0 when err was internal and the error page has been
// sent.
func (s *Server) adminRefusal(c *gin.Context, err error, errs map[string]string, conflictField, conflictKey string) (int, *pageProblem) {
	code := indicators.CodeOf(err)
	if !shownInPlace(err) || code == indicators.NotFound {
		s.fail(c, err)
		return 0, nil
	}
	l := langOf(c)
	if fe, ok := formErrors(l, "admin", err); ok {
		maps.Copy(errs, fe)
		return statusOf[code], nil
	}
	if code == indicators.Conflict && conflictField != "" {
		errs[conflictField] = l.T(conflictKey)
		return statusOf[code], nil
	}
	return statusOf[code], problemOf(l, err)
}

// zoneForm is the new-zone form; its fields are named as the store names
// them.
type zoneForm struct {
	Code, NameEn, NameZh, ParentCode, Type string
	Errors                                 map[string]string
}

// adminZoneCreate serves POST /admin/zones (code, name_en, name_zh,
// parent_code).
func (s *Server) adminZoneCreate(c *gin.Context) {
	l := langOf(c)
	f, z := readZoneForm(c, l, strings.TrimSpace(c.PostForm("code")))
	status := http.StatusUnprocessableEntity
	var problem *pageProblem
	if len(f.Errors) == 0 {
		err := s.svc.CreateZone(c.Request.Context(), z, principalOf(c))
		if err == nil {
			s.adminDone(c, "zones", l.T("admin.zones.created", "Code", f.Code))
			return
		}
		if status, problem = s.adminRefusal(c, err, f.Errors, "code", "admin.error.zone_exists"); status == 0 {
			return
		}
	}
	s.renderAdmin(c, status, "zones", "", func(d *adminData) { d.NewZone, d.Problem = f, problem })
}

// readZoneForm reads a zone's add or edit form, with code as its code, and
// checks it by the domain's rules, as the API and the zones file are.
func readZoneForm(c *gin.Context, l *locale.Lang, code string) (zoneForm, indicators.Zone) {
	f := zoneForm{Code: code, NameEn: strings.TrimSpace(c.PostForm("name_en")), NameZh: strings.TrimSpace(c.PostForm("name_zh")),
		ParentCode: c.PostForm("parent_code"), Type: strings.TrimSpace(c.PostForm("type")), Errors: map[string]string{}}
	z := indicators.Zone{Code: f.Code, NameEn: f.NameEn, NameZh: f.NameZh, ParentCode: f.ParentCode, Type: f.Type}
	var errs indicators.FieldErrors
	z.Validate(0, &errs)
	if fe, ok := formErrors(l, "admin", errs.Err("the zone is not valid")); ok {
		maps.Copy(f.Errors, fe)
	}
	return f, z
}
