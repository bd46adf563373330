package web_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"igmc/indicators"
)

// TestNewPasswordOrDisablingEndsSessionsAndTokens: after an
// administrator resets a user's password, after disabling the user, and
// after an administrator changes their own password, that user's session
// (signed in through the form) and API token are refused with 401 by the
// very next request, on both engines.
func TestNewPasswordOrDisablingEndsSessionsAndTokens(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		for _, tc := range []struct {
			name, email string
			role        indicators.Role
			own         bool
			body        map[string]any
		}{
			{"password_reset_by_admin", "reset@example.org", indicators.RoleOfficer, false, map[string]any{"password": "a new password here"}},
			{"disabled", "disabled@example.org", indicators.RoleOfficer, false, map[string]any{"disabled": true}},
			{"own_password_change", "self@example.org", indicators.RoleAdmin, true, map[string]any{"password": "a new password here"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var zones []string
				if tc.role == indicators.RoleOfficer {
					zones = []string{"LY"}
				}
				token := c.userToken(tc.email, tc.role, zones...)
				sess, _ := session(t, c, tc.email)
				me := func(call httpCall) int {
					call.method, call.path = "GET", "/api/v1/auth/me"
					resp, _ := exchange(t, c.srv.URL, call)
					return resp.StatusCode
				}
				if me(httpCall{token: token}) != http.StatusOK || me(httpCall{cookies: []*http.Cookie{sess}}) != http.StatusOK {
					t.Fatal("the token or the session does not work before the change")
				}
				var users struct {
					Items []struct {
						ID    int64  `json:"id"`
						Email string `json:"email"`
					} `json:"items"`
				}
				c.do("GET", "/api/v1/users", "", 200, &users)
				var id int64
				for _, u := range users.Items {
					if u.Email == tc.email {
						id = u.ID
					}
				}
				body := map[string]any{"email": tc.email, "role": tc.role, "zones": zones}
				for k, v := range tc.body {
					body[k] = v
				}
				b, _ := json.Marshal(body)
				by := c
				if tc.own {
					by = c.as(token)
				}
				by.do("PUT", "/api/v1/users/"+itoa(id), string(b), 200, nil)
				if st := me(httpCall{token: token}); st != http.StatusUnauthorized {
					t.Errorf("the token after the change: %d, want 401", st)
				}
				if st := me(httpCall{cookies: []*http.Cookie{sess}}); st != http.StatusUnauthorized {
					t.Errorf("the session after the change: %d, want 401", st)
				}
			})
		}
	})
}
