package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"igmc/indicators"
)

// accountSamples are the matrix's requests for the account page, the
// reset links and the administration page's zone and file routes.
func (e *matrixEnv) accountSamples() map[string]sample {
	return map[string]sample{
		"GET /account": {path: "/account", ok: 200},
		// A wrong current password: the route lets the caller in and the
		// store refuses the change (422), so no caller's password moves.
		"POST /account/password": {path: "/account/password", ctype: formType, ok: 422,
			body: url.Values{"current_password": {"not the password"}, "new_password": {"another long password"},
				"repeat_password": {"another long password"}}.Encode()},
		"POST /api/v1/account/password": {path: "/api/v1/account/password", ok: 422,
			body: `{"current_password":"not the password","new_password":"another long password"}`},
		"GET /reset/:token": {path: e.resetPath(), ok: 200},
		"POST /reset/:token": {ok: 200, prepare: func(t *testing.T, who matrixCaller) prepared {
			email := fmt.Sprintf("reset-%s-%d@example.org", who.name, accSeq.Add(1))
			if _, err := e.c.store.CreateUser(context.Background(), indicators.UserInput{Email: email, Role: indicators.RoleAuditor,
				Password: "correct horse battery"}, indicators.System); err != nil {
				t.Fatal(err)
			}
			secret, _, err := e.c.store.CreateResetLink(context.Background(), email, indicators.System)
			if err != nil {
				t.Fatal(err)
			}
			return prepared{path: "/reset/" + secret, ctype: formType,
				body:    url.Values{"csrf_token": {"matrix-double-submit-token"}, "new_password": {"a brand new password"}, "repeat_password": {"a brand new password"}}.Encode(),
				cookies: []*http.Cookie{{Name: "igmc_login_csrf", Value: "matrix-double-submit-token"}},
				verify: func(t *testing.T, resp *http.Response) {
					if _, err := e.c.store.Authenticate(context.Background(), email, "a brand new password", "matrix"); (err == nil) != (resp.StatusCode == 200) {
						t.Errorf("after status %d, signing in with the new password: %v", resp.StatusCode, err)
					}
				}}
		}},
		"POST /admin/users/:id/reset-link": {ok: 200, prepare: func(t *testing.T, _ matrixCaller) prepared {
			return prepared{path: fmt.Sprintf("/admin/users/%d/reset-link", e.target.ID), ctype: formType, body: "x=1"}
		}},
		"POST /api/v1/users/:id/reset-link": {ok: 201, prepare: func(t *testing.T, _ matrixCaller) prepared {
			return prepared{path: fmt.Sprintf("/api/v1/users/%d/reset-link", e.target.ID), body: "{}"}
		}},
		"POST /admin/zones/:zone": {path: "/admin/zones/OTHER", ctype: formType, ok: 303,
			body: url.Values{"name_en": {"Another zone"}, "name_zh": {"另一区域"}}.Encode()},
		"POST /admin/zones/import": {ok: 200, prepare: func(t *testing.T, who matrixCaller) prepared {
			code := "ZF-" + strings.ToUpper(strings.ReplaceAll(who.name, "_", "-"))
			body, ctype := fileUpload(t, nil, "code,name_en\n"+code+",Zone file\n")
			return prepared{path: "/admin/zones/import", ctype: ctype, body: body, verify: func(t *testing.T, resp *http.Response) {
				e.admin(t).do("GET", "/api/v1/zones/"+code, "", 404, nil)
			}}
		}},
		"POST /admin/zones/import/confirm": {ok: 303, prepare: func(t *testing.T, who matrixCaller) prepared {
			code := "ZC-" + strings.ToUpper(strings.ReplaceAll(who.name, "_", "-"))
			return prepared{path: "/admin/zones/import/confirm", ctype: formType, body: adminConfirmForm("code,name_en\n"+code+",Zone file\n", nil).Encode(),
				verify: func(t *testing.T, resp *http.Response) {
					want := map[bool]int{true: 200, false: 404}[resp.StatusCode == http.StatusSeeOther]
					e.admin(t).do("GET", "/api/v1/zones/"+code, "", want, nil)
				}}
		}},
		"POST /admin/catalogue/confirm": {ok: 303, prepare: func(t *testing.T, _ matrixCaller) prepared {
			return prepared{path: "/admin/catalogue/confirm", ctype: formType, body: adminConfirmForm(e.catalogue, url.Values{"framework": {"igmc"}}).Encode()}
		}},
	}
}

var accSeq atomic.Int64

// resetPath is a live reset link of the administrator, for the pages
// that walk every GET route.
func (e *matrixEnv) resetPath() string {
	secret, _, err := e.c.store.CreateResetLink(context.Background(), "admin@example.org", indicators.System)
	if err != nil {
		panic(err)
	}
	return "/reset/" + secret
}

// fileUpload is a multipart form with fields and a file named file.
func fileUpload(t *testing.T, fields url.Values, content string) (string, string) {
	t.Helper()
	var buf strings.Builder
	w := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	part, err := w.CreateFormFile("file", "upload.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = part.Write([]byte(content))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String(), w.FormDataContentType()
}

// adminConfirmForm is the confirmation form a preview carries: the file, its
// digest and the fields given.
func adminConfirmForm(content string, fields url.Values) url.Values {
	v := url.Values{}
	for k, vs := range fields {
		v[k] = vs
	}
	sum := sha256.Sum256([]byte(content))
	v.Set("file", base64.RawURLEncoding.EncodeToString([]byte(content)))
	v.Set("sha256", hex.EncodeToString(sum[:]))
	v.Set("name", "upload.csv")
	return v
}
