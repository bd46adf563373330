package web_test

import (
	"bytes"
	"strings"
	"testing"
)

// The matrix's samples: one concrete request per route of the table.

// samples gives every route of the table its request. The key is the
// route's method and path pattern; :fw is igmc, :zone LY, :year 2019 and
// :id a measurement (or token, or user) made for the purpose.
func (e *matrixEnv) samples() map[string]sample {
	mid := "/api/v1/measurements/" + itoa(e.id)
	const csv = "text/csv"
	m := map[string]sample{
		"GET /static/*file":     {path: "/static/app.css", ok: 200},
		"GET /favicon.ico":      {path: "/favicon.ico", ok: 302},
		"GET /api/openapi.json": {path: "/api/openapi.json", ok: 200},
		"GET /api/docs":         {path: "/api/docs", ok: 200},
		"POST /language":        {ok: 303, prepare: e.languageForm},
		"GET /healthz":          {path: "/healthz", ok: 200},
		"HEAD /healthz":         {path: "/healthz", ok: 200, check: emptyBody},
		"GET /readyz":           {path: "/readyz", ok: 200},
		"HEAD /readyz":          {path: "/readyz", ok: 200, check: emptyBody},
		"GET /metrics":          {path: "/metrics", ok: 200},
		"GET /login":            {path: "/login", ok: 200},
		"POST /login":           {ok: 303, prepare: e.signInForm},
		"POST /logout":          {path: "/logout", ok: 303},
		"POST /api/v1/auth/token": {path: "/api/v1/auth/token", ok: 201,
			body: `{"email":"admin@example.org","password":"correct horse battery","name":"matrix"}`},
		"GET /api/v1/auth/me":       {path: "/api/v1/auth/me", ok: 200, check: checkMe},
		"GET /api/v1/signing-key":   {path: "/api/v1/signing-key", ok: 200, check: checkSigningKey},
		"GET /api/v1/tokens":        {path: "/api/v1/tokens", ok: 200},
		"POST /api/v1/tokens":       {path: "/api/v1/tokens", body: `{"name":"matrix"}`, ok: 201},
		"DELETE /api/v1/tokens/:id": {ok: 204, prepare: e.throwawayToken},
		"GET /api/v1/users":         {path: "/api/v1/users", ok: 200},
		"POST /api/v1/users": {path: "/api/v1/users", ok: 201,
			body: `{"email":"created@example.org","role":"auditor","password":"correct horse battery"}`},
		"PUT /api/v1/users/:id": {ok: 200, prepare: e.renameUser},

		"GET /api/v1/frameworks":                          {path: "/api/v1/frameworks", ok: 200},
		"POST /api/v1/frameworks":                         {path: "/api/v1/frameworks", body: `{"framework_code":"matrix","name_en":"Matrix"}`, ok: 200},
		"GET /api/v1/frameworks/:fw":                      {path: "/api/v1/frameworks/igmc", ok: 200},
		"GET /api/v1/frameworks/:fw/indicators":           {path: "/api/v1/frameworks/igmc/indicators", ok: 200},
		"POST /api/v1/frameworks/:fw/catalogue":           {path: "/api/v1/frameworks/igmc/catalogue", body: e.catalogue, ctype: csv, ok: 200},
		"GET /api/v1/frameworks/:fw/rules":                {path: "/api/v1/frameworks/igmc/rules", ok: 200},
		"POST /api/v1/frameworks/:fw/rules":               {path: "/api/v1/frameworks/igmc/rules?dry_run=true", body: "code,left,operator,right\nr,SPC-05,<=,SPC-01\n", ctype: csv, ok: 200},
		"GET /api/v1/frameworks/:fw/catalogue.csv":        {path: "/api/v1/frameworks/igmc/catalogue.csv", ok: 200},
		"GET /api/v1/frameworks/:fw/ranking":              {path: "/api/v1/frameworks/igmc/ranking?year=2019", ok: 200, check: checkRanking},
		"GET /api/v1/frameworks/:fw/periods":              {path: "/api/v1/frameworks/igmc/periods", ok: 200},
		"POST /api/v1/frameworks/:fw/periods/:year/close": {path: "/api/v1/frameworks/igmc/periods/2019/close", body: `{"reason":"authorization matrix"}`, ok: 200},
		// Reopen comes right after close in the table: 2019 is closed only
		// between the two.
		"POST /api/v1/frameworks/:fw/periods/:year/reopen": {path: "/api/v1/frameworks/igmc/periods/2019/reopen", body: `{"reason":"authorization matrix"}`, ok: 200},

		"GET /api/v1/zones":                 {path: "/api/v1/zones", ok: 200, check: checkZones},
		"POST /api/v1/zones":                {path: "/api/v1/zones", body: `{"code":"MATRIX","name_en":"Matrix zone"}`, ok: 201},
		"POST /api/v1/zones/import":         {path: "/api/v1/zones/import", body: "code,name_en\nIMPORTED,Imported zone\n", ctype: csv, ok: 200},
		"GET /api/v1/zones/:zone":           {path: "/api/v1/zones/LY", zoneLY: true, ok: 200},
		"GET /api/v1/zones/:zone/scorecard": {path: "/api/v1/zones/LY/scorecard?year=2019", zoneLY: true, ok: 200},
		"GET /api/v1/zones/:zone/scorecard.csv": {path: "/api/v1/zones/LY/scorecard.csv?framework=igmc&year=2019", zoneLY: true, ok: 200,
			check: func(t *testing.T, _ matrixCaller, body []byte) {
				if !strings.HasPrefix(string(body), "framework,zone,year,") || !strings.Contains(string(body), "\nigmc,LY,2019,official,") {
					t.Errorf("the LY scorecard CSV is not LY's:\n%s", body)
				}
			}},
		"GET /api/v1/zones/:zone/scorecard.xlsx": {path: "/api/v1/zones/LY/scorecard.xlsx?framework=igmc&year=2019", zoneLY: true, ok: 200,
			check: func(t *testing.T, _ matrixCaller, body []byte) {
				if !bytes.HasPrefix(body, []byte("PK")) {
					t.Errorf("the LY scorecard XLSX is not a workbook: %.40q", body)
				}
			}},

		"GET /api/v1/measurements":  {path: "/api/v1/measurements", ok: 200, check: checkMeasurements},
		"POST /api/v1/measurements": {zoneLY: true, ok: 201, prepare: e.newValue},
		"POST /api/v1/measurements/import": {path: "/api/v1/measurements/import?framework=igmc", zoneLY: true, ok: 200, ctype: csv,
			body: "zone_code,indicator_code,period,value\nLY,SPC-01,2018,70\n"},
		"POST /api/v1/dataValueSets": {path: "/api/v1/dataValueSets", zoneLY: true, ok: 200, ctype: "application/json",
			body: `{"dataSet":"igmc","period":"2018","orgUnit":"LY","dataValues":[{"dataElement":"SPC-01","value":"70"}]}`},
		"GET /api/v1/dataValueSets":             {path: "/api/v1/dataValueSets?dataSet=igmc&orgUnit=LY", zoneLY: true, ok: 200},
		"POST /api/v1/measurements/submit":      {zoneLY: true, ok: 200, prepare: e.bulk("submit", false, "")},
		"POST /api/v1/measurements/approve":     {zoneLY: true, ok: 200, prepare: e.bulk("approve", true, "")},
		"POST /api/v1/measurements/reject":      {zoneLY: true, ok: 200, prepare: e.bulk("reject", true, "please check the source")},
		"GET /api/v1/measurements/:id":          {path: mid, zoneLY: true, ok: 200},
		"PUT /api/v1/measurements/:id":          {zoneLY: true, ok: 200, prepare: e.edit},
		"GET /api/v1/measurements/:id/history":  {path: mid + "/history", zoneLY: true, ok: 200},
		"POST /api/v1/measurements/:id/submit":  {zoneLY: true, ok: 200, prepare: e.one("submit", false, "")},
		"POST /api/v1/measurements/:id/approve": {zoneLY: true, ok: 200, prepare: e.one("approve", true, "")},
		"POST /api/v1/measurements/:id/reject":  {zoneLY: true, ok: 200, prepare: e.one("reject", true, "please check the source")},

		"GET /api/v1/audit/events": {path: "/api/v1/audit/events?limit=1000", ok: 200, check: checkAuditEvents},
		"GET /api/v1/audit/verify": {path: "/api/v1/audit/verify", ok: 200, check: checkVerify},
		"GET /api/v1/exports/measurements.csv": {path: "/api/v1/exports/measurements.csv?framework=igmc&zone=LY", zoneLY: true, ok: 200,
			check: func(t *testing.T, _ matrixCaller, body []byte) {
				if !strings.Contains(string(body), "\nLY,SPC-01,2019,") {
					t.Errorf("the LY export lacks the LY value:\n%s", body)
				}
			}},
		"GET /api/v1/exports/audit.csv":          {path: "/api/v1/exports/audit.csv", ok: 200, check: checkAuditCSV},
		"GET /api/v1/exports/bundle.zip":         {path: "/api/v1/exports/bundle.zip?framework=igmc&year=2019", ok: 200, check: checkBundle},
		"GET /api/v1/exports/sdmx.csv":           {path: "/api/v1/exports/sdmx.csv?framework=igmc&year=2019", ok: 200, check: checkSDMXCSV},
		"GET /api/v1/exports/sdmx-structure.xml": {path: "/api/v1/exports/sdmx-structure.xml?framework=igmc", ok: 200, check: checkSDMXStructure},
		"GET /api/v1/changes":                    {path: "/api/v1/changes?limit=1000", ok: 200, check: checkChanges},
		// The comparison keeps to the caller's zones: LY only for those
		// whose scope holds it.
		"GET /api/v1/compare.csv": {path: "/api/v1/compare.csv?framework=igmc&year=2019", ok: 200,
			check: func(t *testing.T, mc matrixCaller, body []byte) {
				if !strings.HasPrefix(string(body), "framework,year,basis,") || strings.Contains(string(body), ",LY,") != mc.inZone {
					t.Errorf("%s: the comparison CSV does not keep to the caller's zones:\n%s", mc.name, body)
				}
			}},
		"GET /api/v1/compare.pdf": {path: "/api/v1/compare.pdf?framework=igmc&year=2019", ok: 200,
			check: func(t *testing.T, _ matrixCaller, body []byte) {
				if !bytes.HasPrefix(body, []byte("%PDF-")) {
					t.Errorf("the comparison PDF is not a PDF: %.40q", body)
				}
			}},
	}
	// The pages, by area: each area's test file gives its samples.
	for _, area := range []map[string]sample{e.homeSamples(), e.cataloguePageSamples(), e.scorecardPageSamples(), e.entrySamples(),
		e.importPageSamples(), e.reviewPageSamples(), e.auditPageSamples(), e.adminSamples(), e.reportSamples(), e.plannerSamples(), e.planSamples(), e.accountSamples(), e.qualitySamples(), e.evidenceSamples(), e.signOffSamples(), e.publicSamples()} {
		for k, v := range area {
			if _, dup := m[k]; dup {
				panic("two samples for " + k)
			}
			m[k] = v
		}
	}
	return m
}
