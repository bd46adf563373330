package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// The account page: who the signed-in user is, and the form that changes
// their own password.

// accountStore is what the account and reset pages need of the store.
type accountStore interface {
	// ChangePassword sets the principal's own password after checking the
	// current one under the sign-in throttle; the other sessions end.
	ChangePassword(ctx context.Context, p *indicators.Principal, current, next, address string) error
	// CreateResetLink makes a one-time reset link for a user; the secret
	// is returned this once.
	CreateResetLink(ctx context.Context, email string, by *indicators.Principal) (string, indicators.ResetLink, error)
	// ResetLinkState says what a reset link is worth, without using it.
	ResetLinkState(ctx context.Context, secret string) (indicators.ResetLink, error)
	// UseResetLink sets a new password through a reset link, once.
	UseResetLink(ctx context.Context, secret, password string) (indicators.ResetLink, error)
}

// passwordForm is the password change form's state; passwords are never
// sent back.
type passwordForm struct {
	Errors map[string]string
	// Problem is a refusal of the whole form (too many tries).
	Problem string
}

type accountData struct {
	Form passwordForm
	Min  int
}

// accountPage serves GET /account.
func (s *Server) accountPage(c *gin.Context) {
	s.renderAccount(c, http.StatusOK, passwordForm{})
}

func (s *Server) renderAccount(c *gin.Context, status int, f passwordForm) {
	s.renderView(c, status, "account", &View{Nav: "account", Data: &accountData{Form: f, Min: indicators.MinPasswordLength}})
}

// accountPassword serves POST /account/password (current_password,
// new_password, repeat_password): the signed-in user's own password. On
// success every other session of the user ends and the page says so.
func (s *Server) accountPassword(c *gin.Context) {
	l := langOf(c)
	f := passwordForm{Errors: map[string]string{}}
	current, next, repeat := c.PostForm("current_password"), c.PostForm("new_password"), c.PostForm("repeat_password")
	checkNewPassword(l, f.Errors, next, repeat)
	if current == "" {
		f.Errors["current_password"] = l.T("account.error.current_required")
	}
	if len(f.Errors) > 0 {
		s.renderAccount(c, http.StatusUnprocessableEntity, f)
		return
	}
	err := s.svc.ChangePassword(c.Request.Context(), principalOf(c), current, next, c.ClientIP())
	if err == nil {
		s.log.Info("password changed", "user", principalOf(c).Email)
		s.setPageFlash(c, l.T("account.password.done"))
		c.Redirect(http.StatusSeeOther, "/account")
		return
	}
	status, ok := s.passwordRefusal(c, err, &f)
	if ok {
		s.renderAccount(c, status, f)
	}
}

// passwordRefusal puts a store's refusal of a new password into f: a
// field error beside its field, too many tries as the form's problem. It
// returns false when err was internal and the error page has been sent.
func (s *Server) passwordRefusal(c *gin.Context, err error, f *passwordForm) (int, bool) {
	l := langOf(c)
	e := appError(err)
	switch {
	case e != nil && e.Code == indicators.TooManyRequests:
		c.Header("Retry-After", strconv.Itoa(int(e.RetryAfter.Seconds()+0.5)))
		f.Problem = l.T("account.error.throttled")
		return http.StatusTooManyRequests, true
	case e != nil && e.Code == indicators.Invalid && len(e.Fields) > 0:
		for _, fe := range e.Fields {
			f.Errors[fe.Field] = firstText(l, "account.error."+fe.Field+"."+fe.Code, "account.error."+fe.Code)
		}
		return http.StatusUnprocessableEntity, true
	}
	s.fail(c, err)
	return 0, false
}

// checkNewPassword applies the password rules to a typed new password and
// its repetition, before the store is asked.
func checkNewPassword(l *Lang, errs map[string]string, next, repeat string) {
	switch {
	case next == "":
		errs["new_password"] = l.T("account.error.new_required")
	case len(next) < indicators.MinPasswordLength:
		errs["new_password"] = l.T("account.error.new_password.too_short", "Min", indicators.MinPasswordLength)
	case len(next) > 72:
		errs["new_password"] = l.T("account.error.new_password.too_long")
	case next != repeat:
		errs["repeat_password"] = l.T("account.error.repeat")
	}
}

type passwordBody struct {
	Current string `json:"current_password" validate:"required,max=200"`
	New     string `json:"new_password" validate:"required,max=200"`
}

// apiAccountPassword serves POST /api/v1/account/password: the caller's
// own password, {"current_password", "new_password"}; 204 when changed.
// Every other session of the caller ends and every API token is revoked,
// the one the request came with too.
func (s *Server) apiAccountPassword(c *gin.Context) {
	var b passwordBody
	if err := bindJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.svc.ChangePassword(c.Request.Context(), principalOf(c), b.Current, b.New, c.ClientIP()); err != nil {
		s.fail(c, err)
		return
	}
	s.log.Info("password changed", "user", principalOf(c).Email, "via", "api")
	c.Status(http.StatusNoContent)
}
