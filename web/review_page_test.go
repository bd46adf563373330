package web_test

func (e *matrixEnv) reviewPageSamples() map[string]sample {
	return map[string]sample{
		"GET /review":  {path: "/review", ok: 200},
		"POST /review": {path: "/review", ctype: formType, body: "x=1"},
	}
}
