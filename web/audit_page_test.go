package web_test

func (e *matrixEnv) auditPageSamples() map[string]sample {
	return map[string]sample{
		"GET /audit": {path: "/audit", ok: 200},
	}
}
