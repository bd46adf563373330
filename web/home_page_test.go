package web_test

func (e *matrixEnv) homeSamples() map[string]sample {
	return map[string]sample{
		"GET /": {path: "/", ok: 200},
	}
}
