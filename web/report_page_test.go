package web_test

func (e *matrixEnv) reportSamples() map[string]sample {
	return map[string]sample{
		"GET /zones/:zone/progress": {path: "/zones/LY/progress?year=2019", zoneLY: true, ok: 200},
	}
}
