package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

func newToken() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// loginPage serves GET /login: the sign-in form, with a fresh CSRF token
// kept in a cookie (double submit: there is no session yet).
func (s *Server) loginPage(c *gin.Context) {
	s.renderLogin(c, http.StatusOK, "")
}

func (s *Server) renderLogin(c *gin.Context, status int, problem string) {
	token := newToken()
	s.setCookie(c, loginCSRFCookie, token, 3600)
	c.Set(loginCSRFCookie, token)
	s.render(c, status, "login", "login", gin.H{"Next": safeNext(c.DefaultPostForm("next", c.Query("next"))), "Problem": problem,
		"Email": c.PostForm("email")})
}

// loginSubmit serves POST /login: checks the CSRF token, the password and
// the throttle, then starts a session.
func (s *Server) loginSubmit(c *gin.Context) {
	cookie, _ := c.Cookie(loginCSRFCookie)
	form := c.PostForm("csrf_token")
	if cookie == "" || form == "" || subtle.ConstantTimeCompare([]byte(cookie), []byte(form)) != 1 {
		s.renderLogin(c, http.StatusForbidden, "login.expired")
		return
	}
	p, err := s.svc.Authenticate(c.Request.Context(), c.PostForm("email"), c.PostForm("password"), c.ClientIP())
	if err != nil {
		var e *indicators.Error
		switch code := indicators.CodeOf(err); code {
		case indicators.TooManyRequests:
			e = err.(*indicators.Error)
			c.Header("Retry-After", strconv.Itoa(int(e.RetryAfter.Seconds()+0.5)))
			s.renderLogin(c, http.StatusTooManyRequests, "login.throttled")
		case indicators.Unauthorized:
			s.renderLogin(c, http.StatusUnauthorized, "login.wrong")
		default:
			s.fail(c, err)
		}
		return
	}
	secret, _, err := s.svc.CreateSession(c.Request.Context(), p)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.log.Info("signed in", "user", p.Email, "via", "form")
	s.setCookie(c, sessionCookie, secret, int(12*3600))
	s.setCookie(c, loginCSRFCookie, "", -1)
	c.Redirect(http.StatusSeeOther, safeNext(c.PostForm("next")))
}

// logout serves POST /logout.
func (s *Server) logout(c *gin.Context) {
	if p := principalOf(c); p != nil && p.Session != "" {
		if err := s.svc.EndSession(c.Request.Context(), p.Session); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.setCookie(c, sessionCookie, "", -1)
	c.Redirect(http.StatusSeeOther, "/login")
}

type tokenRequest struct {
	Email    string `json:"email" validate:"required,max=254"`
	Password string `json:"password" validate:"required,max=200"`
	Name     string `json:"name" validate:"max=100"`
}

// authToken serves POST /api/v1/auth/token: email and password for a new
// API bearer token, shown once. Throttled like the sign-in form.
func (s *Server) authToken(c *gin.Context) {
	var b tokenRequest
	if err := bindJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	p, err := s.svc.Authenticate(c.Request.Context(), b.Email, b.Password, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	if b.Name == "" {
		b.Name = "api"
	}
	tok, secret, err := s.svc.CreateToken(c.Request.Context(), p, b.Name)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, tokenIssued{Token: secret, ID: tok.ID, Name: tok.Name, Prefix: tok.Prefix})
}

// authMe serves GET /api/v1/auth/me: who the caller is, and for a session
// the CSRF token its state-changing requests must carry.
func (s *Server) authMe(c *gin.Context) {
	p := principalOf(c)
	zones := p.ScopeCodes()
	c.JSON(http.StatusOK, meBody{ID: p.UserID, Email: p.Email, Name: p.Name, Role: p.Role, Zones: zones, AllZones: p.AllZones(), CSRF: p.CSRF})
}

// tokensList serves GET /api/v1/tokens: the caller's tokens.
func (s *Server) tokensList(c *gin.Context) {
	ts, err := s.svc.ListTokens(c.Request.Context(), principalOf(c).UserID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(ts))
}

// tokenIssued is a new token, its secret shown this once.
type tokenIssued struct {
	Token  string `json:"token"`
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Prefix string `json:"prefix"`
}

// meBody is the caller as GET /api/v1/auth/me shows them; CSRF only for a
// session.
type meBody struct {
	ID       int64           `json:"id"`
	Email    string          `json:"email"`
	Name     string          `json:"name"`
	Role     indicators.Role `json:"role"`
	Zones    []string        `json:"zones"`
	AllZones bool            `json:"all_zones"`
	CSRF     string          `json:"csrf_token,omitempty"`
}

type tokenBody struct {
	Name string `json:"name" validate:"required,max=100"`
}

// tokensCreate serves POST /api/v1/tokens: a new token for the caller.
func (s *Server) tokensCreate(c *gin.Context) {
	var b tokenBody
	if err := bindJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	tok, secret, err := s.svc.CreateToken(c.Request.Context(), principalOf(c), b.Name)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, tokenIssued{Token: secret, ID: tok.ID, Name: tok.Name, Prefix: tok.Prefix})
}

// tokensRevoke serves DELETE /api/v1/tokens/{id}.
func (s *Server) tokensRevoke(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.fail(c, indicators.Errorf(indicators.NotFound, "token not found"))
		return
	}
	if err := s.svc.RevokeToken(c.Request.Context(), principalOf(c), id); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

type userBody struct {
	Email    string   `json:"email" validate:"required,max=254"`
	Name     string   `json:"name" validate:"max=200"`
	Role     string   `json:"role" validate:"required,oneof=admin officer reviewer auditor"`
	Zones    []string `json:"zones" validate:"dive,max=64"`
	Language string   `json:"language" validate:"omitempty,oneof=en zh"`
	Disabled bool     `json:"disabled"`
	Password string   `json:"password" validate:"max=72"`
}

func (b *userBody) input() indicators.UserInput {
	return indicators.UserInput{Email: b.Email, Name: b.Name, Role: indicators.Role(b.Role), Zones: b.Zones, Language: b.Language, Disabled: b.Disabled, Password: b.Password}
}

// usersList serves GET /api/v1/users.
func (s *Server) usersList(c *gin.Context) {
	us, err := s.svc.ListUsers(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(us))
}

// usersCreate serves POST /api/v1/users.
func (s *Server) usersCreate(c *gin.Context) {
	var b userBody
	if err := bindJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.svc.CreateUser(c.Request.Context(), b.input(), principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, u)
}

// usersUpdate serves PUT /api/v1/users/{id}: role, zones, name, language,
// disabled and (when given) password. Disabling a user or changing its
// password ends its sessions.
func (s *Server) usersUpdate(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.fail(c, indicators.Errorf(indicators.NotFound, "user not found"))
		return
	}
	var b userBody
	if err := bindJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.svc.UpdateUser(c.Request.Context(), id, b.input(), principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, u)
}
