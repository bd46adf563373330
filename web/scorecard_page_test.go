package web_test

func (e *matrixEnv) scorecardPageSamples() map[string]sample {
	return map[string]sample{
		"GET /zones/:zone/scorecard": {path: "/zones/LY/scorecard?year=2019", zoneLY: true, ok: 200},
		"GET /compare":               {path: "/compare?year=2019", ok: 200},
	}
}
