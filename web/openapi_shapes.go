package web

import (
	"reflect"

	"igmc/indicators"
	"igmc/scoring"
)

// apiShape is what an API route reads and answers beyond its path: its
// query parameters, the Go value of its JSON body (or "csv" for a file
// upload), and the Go value of its JSON answer with its status. The
// OpenAPI document reflects the schemas from these very types, the ones
// the handlers decode and encode.
type apiShape struct {
	Query []string
	// Need are the query parameters without which the route refuses.
	Need   []string
	Body   any
	Upload bool
	Resp   any
	Status int
	// Also are answers other than the error shape that the route gives
	// besides its own, by status, with their Go values.
	Also map[int]any
}

// Query parameters shared by several routes.
var (
	cardQuery   = []string{"framework", "year", "status"}
	exportQuery = []string{"framework", "zone", "history"}

	yearOnly      = []string{"year"}
	frameworkOnly = []string{"framework"}
	frameworkYear = []string{"framework", "year"}
)

// apiShapes gives each API route its shape, by method and path as in the
// route table. A route missing here is still in the document, with its
// path parameters, permission and the error shape.
var apiShapes = map[string]apiShape{
	"POST /api/v1/auth/token":           {Body: tokenRequest{}, Resp: tokenIssued{}, Status: 201},
	"GET /api/v1/auth/me":               {Resp: meBody{}},
	"GET /api/v1/tokens":                {Resp: list[indicators.Token]{}},
	"POST /api/v1/tokens":               {Body: tokenBody{}, Resp: tokenIssued{}, Status: 201},
	"DELETE /api/v1/tokens/:id":         {Status: 204},
	"GET /api/v1/users":                 {Resp: list[indicators.User]{}},
	"POST /api/v1/users":                {Body: userBody{}, Resp: indicators.User{}, Status: 201},
	"PUT /api/v1/users/:id":             {Body: userBody{}, Resp: indicators.User{}},
	"POST /api/v1/account/password":     {Body: passwordBody{}, Status: 204},
	"POST /api/v1/users/:id/reset-link": {Resp: resetLinkBody{}, Status: 201},

	"GET /api/v1/frameworks":                           {Resp: list[indicators.Framework]{}},
	"POST /api/v1/frameworks":                          {Body: frameworkBody{}, Resp: indicators.Framework{}},
	"GET /api/v1/frameworks/:fw":                       {Resp: frameworkDetail{}},
	"GET /api/v1/frameworks/:fw/indicators":            {Query: []string{"perspective"}, Resp: list[indicators.Indicator]{}},
	"POST /api/v1/frameworks/:fw/catalogue":            {Upload: true, Resp: indicators.CatalogueResult{}},
	"GET /api/v1/frameworks/:fw/rules":                 {Resp: list[indicators.Rule]{}},
	"POST /api/v1/frameworks/:fw/rules":                {Query: []string{"dry_run"}, Upload: true, Resp: indicators.RulesResult{}},
	"GET /api/v1/frameworks/:fw/ranking":               {Need: yearOnly, Query: []string{"year", "status"}, Resp: ranking{}},
	"GET /api/v1/frameworks/:fw/periods":               {Resp: list[indicators.ReportingPeriod]{}},
	"POST /api/v1/frameworks/:fw/periods/:year/close":  {Body: periodBody{}, Resp: indicators.ReportingPeriod{}},
	"POST /api/v1/frameworks/:fw/periods/:year/reopen": {Body: periodBody{}, Resp: indicators.ReportingPeriod{}},
	"GET /api/v1/frameworks/:fw/calendar/:year":        {Resp: indicators.Calendar{}},
	"PUT /api/v1/frameworks/:fw/calendar/:year":        {Body: calendarBody{}, Resp: indicators.Calendar{}},

	"GET /api/v1/zones":                                         {Resp: list[indicators.Zone]{}},
	"POST /api/v1/zones":                                        {Body: zoneBody{}, Resp: indicators.Zone{}, Status: 201},
	"POST /api/v1/zones/import":                                 {Upload: true, Resp: indicators.ZonesResult{}},
	"GET /api/v1/zones/:zone":                                   {Resp: indicators.Zone{}},
	"GET /api/v1/zones/:zone/scorecard":                         {Need: yearOnly, Query: cardQuery, Resp: scoring.Card{}},
	"GET /api/v1/zones/:zone/scorecard.csv":                     {Need: yearOnly, Query: cardQuery},
	"GET /api/v1/zones/:zone/scorecard.xlsx":                    {Need: yearOnly, Query: cardQuery},
	"GET /api/v1/zones/:zone/scorecard.pdf":                     {Need: yearOnly, Query: append(cardQuery[:3:3], "lang")},
	"GET /api/v1/zones/:zone/progress":                          {Need: yearOnly, Query: cardQuery, Resp: scoring.ProgressReport{}},
	"GET /api/v1/zones/:zone/progress.csv":                      {Need: yearOnly, Query: cardQuery},
	"GET /api/v1/zones/:zone/progress.xlsx":                     {Need: yearOnly, Query: cardQuery},
	"GET /api/v1/zones/:zone/progress.pdf":                      {Need: yearOnly, Query: append(cardQuery[:3:3], "lang")},
	"GET /api/v1/zones/:zone/plan":                              {Query: []string{"framework", "status"}, Resp: indicators.ZonePlan{}},
	"POST /api/v1/zones/:zone/plan/adopt":                       {Body: adoptBody{}, Resp: indicators.ZonePlan{}},
	"POST /api/v1/plans/import":                                 {Query: []string{"framework", "dry_run"}, Upload: true, Resp: indicators.PlanImportResult{}},
	"GET /api/v1/zones/:zone/applicability":                     {Query: []string{"framework"}, Resp: list[indicators.Applicability]{}},
	"POST /api/v1/zones/:zone/applicability":                    {Body: markBody{}, Resp: indicators.Applicability{}, Status: 201},
	"POST /api/v1/zones/:zone/applicability/:indicator/approve": {Body: reviewMarkBody{}, Resp: indicators.Applicability{}},
	"POST /api/v1/zones/:zone/applicability/:indicator/reject":  {Body: reviewMarkBody{}, Resp: indicators.Applicability{}},
	"GET /api/v1/zones/:zone/planner":                           {Need: yearOnly, Query: cardQuery, Resp: scoring.Planner{}},
	"POST /api/v1/zones/:zone/what-if":                          {Need: yearOnly, Query: cardQuery, Body: whatIfBody{}, Resp: scoring.WhatIfResult{}},
	"GET /api/v1/zones/:zone/indicators/:code/history":          {Need: []string{"period"}, Query: []string{"framework", "period"}, Resp: valueHistory{}},

	"GET /api/v1/measurements": {Query: []string{"zone", "framework", "indicator", "period", "year", "perspective", "status", "limit", "cursor"},
		Resp: list[indicators.Measurement]{}},
	"POST /api/v1/measurements":              {Body: measurementBody{}, Resp: indicators.Measurement{}, Status: 201},
	"POST /api/v1/measurements/import":       {Query: []string{"framework", "dry_run"}, Upload: true, Resp: indicators.ImportResult{}},
	"POST /api/v1/measurements/submit":       {Body: bulkReviewBody{}, Resp: list[indicators.Measurement]{}},
	"POST /api/v1/measurements/approve":      {Body: bulkReviewBody{}, Resp: list[indicators.Measurement]{}},
	"POST /api/v1/measurements/reject":       {Body: bulkReviewBody{}, Resp: list[indicators.Measurement]{}},
	"GET /api/v1/measurements/:id":           {Resp: indicators.Measurement{}},
	"PUT /api/v1/measurements/:id":           {Body: measurementUpdate{}, Resp: indicators.Measurement{}},
	"GET /api/v1/measurements/:id/history":   {Resp: list[indicators.Measurement]{}},
	"POST /api/v1/measurements/:id/submit":   {Body: reviewBody{}, Resp: indicators.Measurement{}},
	"POST /api/v1/measurements/:id/approve":  {Body: reviewBody{}, Resp: indicators.Measurement{}},
	"POST /api/v1/measurements/:id/reject":   {Body: reviewBody{}, Resp: indicators.Measurement{}},
	"POST /api/v1/measurements/:id/evidence": {Upload: true, Resp: list[indicators.Evidence]{}, Status: 201},
	"GET /api/v1/measurements/:id/evidence":  {Resp: list[indicators.Evidence]{}},

	"GET /api/v1/audit/events":               {Query: []string{"entity", "entity_id", "actor", "from", "to", "limit", "cursor"}, Resp: list[indicators.AuditEvent]{}},
	"GET /api/v1/audit/verify":               {Resp: indicators.VerifyReport{}},
	"GET /api/v1/exports/measurements.csv":   {Need: frameworkOnly, Query: exportQuery},
	"GET /api/v1/exports/measurements.xlsx":  {Need: frameworkOnly, Query: exportQuery},
	"GET /api/v1/exports/bundle.zip":         {Need: frameworkYear, Query: []string{"framework", "year"}},
	"GET /api/v1/exports/sdmx.csv":           {Need: frameworkOnly, Query: []string{"framework", "year"}},
	"GET /api/v1/exports/sdmx-structure.xml": {Need: frameworkOnly, Query: []string{"framework"}},
	"GET /api/v1/signing-key":                {Resp: signingKeyBody{}},
	"POST /api/v1/dataValueSets":             {Query: []string{"dryRun", "importStrategy"}, Body: indicators.DataValueSet{}, Resp: indicators.ImportSummary{}, Also: map[int]any{409: indicators.ImportSummary{}}},
	"GET /api/v1/dataValueSets":              {Need: []string{"dataSet"}, Query: []string{"dataSet", "period", "orgUnit", "startDate", "endDate"}, Resp: indicators.DataValueSet{}},
	"GET /api/v1/signoffs":                   {Query: []string{"framework", "zone", "year"}, Resp: list[indicators.SignOff]{}},
	"POST /api/v1/signoffs":                  {Body: signOffBody{}, Resp: indicators.SignOff{}, Status: 201},
	"GET /api/v1/signoffs/:id":               {Resp: indicators.SignOff{}},
	"POST /api/v1/signoffs/:id/withdraw":     {Body: withdrawBody{}, Resp: indicators.SignOff{}},
	"GET /api/v1/public-settings":            {Resp: list[indicators.PublicSetting]{}},
	"PUT /api/v1/frameworks/:fw/public":      {Body: publicBody{}, Resp: indicators.PublicSetting{}},
	"GET /api/v1/changes":                    {Query: []string{"since", "limit"}, Resp: indicators.ChangesPage{}},
	"GET /api/v1/compare.csv":                {Query: []string{"framework", "year", "status"}},
	"GET /api/v1/compare.pdf":                {Query: []string{"framework", "year", "status", "lang"}},

	"GET /api/v1/follow-ups":              {Query: []string{"framework", "zone", "status"}, Resp: list[indicators.FollowUp]{}},
	"POST /api/v1/follow-ups":             {Body: followUpBody{}, Resp: indicators.FollowUp{}, Status: 201},
	"POST /api/v1/follow-ups/:id/resolve": {Body: resolveBody{}, Resp: indicators.FollowUp{}},
	"GET /api/v1/quality":                 {Need: frameworkYear, Query: []string{"framework", "year"}, Resp: indicators.QualityReport{}},
	"GET /api/v1/quality.csv":             {Need: frameworkYear, Query: []string{"framework", "year"}},
	"GET /api/v1/quality.xlsx":            {Need: frameworkYear, Query: []string{"framework", "year"}},
}

// apiEnums are the closed sets of the answers, by type, with their values;
// TestAPIEnumsParse checks each value with its set's parser.
var apiEnums = map[reflect.Type][]string{
	reflect.TypeFor[indicators.Status]():  {string(indicators.Draft), string(indicators.Submitted), string(indicators.Approved), string(indicators.Rejected)},
	reflect.TypeFor[indicators.Role]():    {string(indicators.RoleAdmin), string(indicators.RoleOfficer), string(indicators.RoleReviewer), string(indicators.RoleAuditor)},
	reflect.TypeFor[indicators.Quality](): qualityCodes(),
	reflect.TypeFor[scoring.Basis]():      {string(scoring.BasisOfficial), string(scoring.BasisWorking)},
}

func qualityCodes() []string {
	out := make([]string, len(indicators.Qualities))
	for i, q := range indicators.Qualities {
		out[i] = string(q)
	}
	return out
}
