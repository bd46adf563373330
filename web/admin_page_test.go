package web_test

func (e *matrixEnv) adminSamples() map[string]sample {
	return map[string]sample{
		"GET /admin":            {path: "/admin", ok: 200},
		"POST /admin/users":     {path: "/admin/users", ctype: formType, body: "x=1"},
		"POST /admin/users/:id": {path: "/admin/users/1", ctype: formType, body: "x=1"},
		"POST /admin/zones":     {path: "/admin/zones", ctype: formType, body: "x=1"},
		"POST /admin/periods":   {path: "/admin/periods", ctype: formType, body: "x=1"},
		"POST /admin/catalogue": {path: "/admin/catalogue", ctype: formType, body: "x=1"},
	}
}
