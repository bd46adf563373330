package web_test

func (e *matrixEnv) reportSamples() map[string]sample {
	return map[string]sample{
		"GET /zones/:zone/progress":             {path: "/zones/LY/progress?year=2019", zoneLY: true, ok: 200},
		"GET /api/v1/zones/:zone/progress":      {path: "/api/v1/zones/LY/progress?year=2019", zoneLY: true, ok: 200},
		"GET /api/v1/zones/:zone/progress.csv":  {path: "/api/v1/zones/LY/progress.csv?year=2019", zoneLY: true, ok: 200},
		"GET /api/v1/zones/:zone/progress.pdf":  {path: "/api/v1/zones/LY/progress.pdf?year=2019", zoneLY: true, ok: 200},
		"GET /api/v1/zones/:zone/progress.xlsx": {path: "/api/v1/zones/LY/progress.xlsx?year=2019", zoneLY: true, ok: 200},
		"GET /api/v1/zones/:zone/scorecard.pdf": {path: "/api/v1/zones/LY/scorecard.pdf?year=2019&lang=zh", zoneLY: true, ok: 200},
		"GET /api/v1/exports/measurements.xlsx": {path: "/api/v1/exports/measurements.xlsx?framework=igmc&zone=LY", zoneLY: true, ok: 200},
	}
}
