package web_test

func (e *matrixEnv) importPageSamples() map[string]sample {
	return map[string]sample{
		"GET /import":          {path: "/import", ok: 200},
		"POST /import":         {path: "/import", ctype: formType, body: "x=1"},
		"POST /import/confirm": {path: "/import/confirm", ctype: formType, body: "x=1"},
		"GET /import/template": {path: "/import/template?zone=LY&year=2019", ok: 200},
	}
}
