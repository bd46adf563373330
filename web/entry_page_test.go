package web_test

func (e *matrixEnv) entrySamples() map[string]sample {
	return map[string]sample{
		"GET /zones/:zone/entry":  {path: "/zones/LY/entry?year=2019", zoneLY: true, ok: 200},
		"POST /zones/:zone/entry": {path: "/zones/LY/entry?year=2019", zoneLY: true, ctype: formType, body: "year=2019"},
	}
}
