package web_test

func (e *matrixEnv) cataloguePageSamples() map[string]sample {
	return map[string]sample{
		"GET /catalogue": {path: "/catalogue", ok: 200},
	}
}
