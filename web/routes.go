package web

import (
	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// Route is one row of the route table.
type Route struct {
	Method string
	Path   string
	Perm   Permission
	// Time is how long the route's database work may take.
	Time    DBTime
	Handler gin.HandlerFunc
}

// DBTime is a route's class of database time (docs/security.md, "Limits
// on time").
type DBTime uint8

// The classes of database time.
const (
	// DBShort: Server.DBTimeout, for ordinary reads and writes.
	DBShort DBTime = iota
	// DBBulk: Server.DBBulkTimeout, for the routes that read or write whole
	// files (imports, exports, the bundle, PDF and XLSX reports) and the
	// audit check that reads every value.
	DBBulk
)

// Routes is the route table: every path, its method, its permission and its
// handler, in one place, the API and the pages alike. New registers exactly
// these rows and nothing else (TestAuthorizationMatrix walks the router to
// make sure); a new route is a new row here, with a sample in the matrix
// test and a line in docs/api.md (and, for an API route, its shape in
// openapi_shapes.go, which the OpenAPI document reflects).
func (s *Server) Routes() []Route {
	return []Route{
		// Monitors and load balancers often probe with HEAD.
		{"GET", "/healthz", PermPublic, DBShort, s.healthz},
		{"HEAD", "/healthz", PermPublic, DBShort, s.healthz},
		{"GET", "/readyz", PermPublic, DBShort, s.readyz},
		{"HEAD", "/readyz", PermPublic, DBShort, s.readyz},
		{"GET", "/metrics", PermPublic, DBShort, s.metricsHandler()},
		{"GET", "/static/*file", PermPublic, DBShort, s.static()},
		{"GET", "/favicon.ico", PermPublic, DBShort, favicon},
		{"GET", "/login", PermPublic, DBShort, s.loginPage},
		{"POST", "/login", PermPublic, DBShort, s.loginSubmit},
		{"POST", "/logout", PermSignedIn, DBShort, s.logout},
		{"POST", "/language", PermPublic, DBShort, s.setLanguage},

		// The API's own description: the OpenAPI document and its page.
		{"GET", "/api/openapi.json", PermPublic, DBShort, s.openAPIDocument},
		{"GET", "/api/docs", PermPublic, DBShort, s.apiDocsPage},

		{"POST", "/api/v1/auth/token", PermPublic, DBShort, s.authToken},
		{"GET", "/api/v1/auth/me", PermSignedIn, DBShort, s.authMe},
		{"GET", "/api/v1/signing-key", PermPublic, DBShort, s.signingKey},
		{"GET", "/api/v1/tokens", PermSignedIn, DBShort, s.tokensList},
		{"POST", "/api/v1/tokens", PermSignedIn, DBShort, s.tokensCreate},
		{"DELETE", "/api/v1/tokens/:id", PermSignedIn, DBShort, s.tokensRevoke},
		{"GET", "/api/v1/users", PermAdmin, DBShort, s.usersList},
		{"POST", "/api/v1/users", PermAdmin, DBShort, s.usersCreate},
		{"PUT", "/api/v1/users/:id", PermAdmin, DBShort, s.usersUpdate},

		{"GET", "/api/v1/frameworks", PermRead, DBShort, s.frameworksList},
		{"POST", "/api/v1/frameworks", PermAdmin, DBShort, s.frameworksSave},
		{"GET", "/api/v1/frameworks/:fw", PermRead, DBShort, s.frameworksShow},
		{"GET", "/api/v1/frameworks/:fw/indicators", PermRead, DBShort, s.indicatorsList},
		{"POST", "/api/v1/frameworks/:fw/catalogue", PermAdmin, DBBulk, s.catalogueImport},
		{"GET", "/api/v1/frameworks/:fw/rules", PermRead, DBShort, s.rulesList},
		{"POST", "/api/v1/frameworks/:fw/rules", PermAdmin, DBShort, s.rulesImport},
		{"GET", "/api/v1/frameworks/:fw/catalogue.csv", PermRead, DBBulk, s.catalogueExport},
		{"GET", "/api/v1/frameworks/:fw/ranking", PermRead, DBShort, s.rankingShow},
		{"GET", "/api/v1/frameworks/:fw/periods", PermRead, DBShort, s.periodsList},
		{"POST", "/api/v1/frameworks/:fw/periods/:year/close", PermAdmin, DBShort, s.periodClose},
		{"POST", "/api/v1/frameworks/:fw/periods/:year/reopen", PermAdmin, DBShort, s.periodReopen},

		{"GET", "/api/v1/zones", PermRead, DBShort, s.zonesList},
		{"POST", "/api/v1/zones", PermAdmin, DBShort, s.zonesCreate},
		{"POST", "/api/v1/zones/import", PermAdmin, DBBulk, s.zonesImport},
		{"GET", "/api/v1/zones/:zone", PermRead, DBShort, s.zonesShow},
		{"GET", "/api/v1/zones/:zone/scorecard", PermRead, DBShort, s.scorecardShow},
		{"GET", "/api/v1/zones/:zone/scorecard.csv", PermExport, DBShort, s.scorecardCSV},
		{"GET", "/api/v1/zones/:zone/scorecard.xlsx", PermExport, DBBulk, s.scorecardXLSX},
		{"GET", "/api/v1/zones/:zone/plan", PermRead, DBShort, s.planShow},
		{"POST", "/api/v1/zones/:zone/plan/adopt", PermReview, DBShort, s.planAdopt},
		{"POST", "/api/v1/plans/import", PermEdit, DBBulk, s.plansImport},
		{"GET", "/api/v1/zones/:zone/applicability", PermRead, DBShort, s.applicabilityList},
		{"POST", "/api/v1/zones/:zone/applicability", PermEdit, DBShort, s.applicabilityMark},
		{"POST", "/api/v1/zones/:zone/applicability/:indicator/approve", PermReview, DBShort, s.applicabilityReview(true)},
		{"POST", "/api/v1/zones/:zone/applicability/:indicator/reject", PermReview, DBShort, s.applicabilityReview(false)},
		{"GET", "/api/v1/zones/:zone/planner", PermRead, DBShort, s.plannerShow},
		// Nothing is stored by a what-if, so reading the zone is enough.
		{"POST", "/api/v1/zones/:zone/what-if", PermRead, DBShort, s.whatIfRun},

		{"GET", "/api/v1/measurements", PermRead, DBShort, s.measurementsList},
		{"POST", "/api/v1/measurements", PermEdit, DBShort, s.measurementsCreate},
		{"POST", "/api/v1/measurements/import", PermEdit, DBBulk, s.measurementsImport},
		{"POST", "/api/v1/measurements/submit", PermEdit, DBShort, s.reviewBulk(indicators.ActionSubmit)},
		{"POST", "/api/v1/measurements/approve", PermReview, DBShort, s.reviewBulk(indicators.ActionApprove)},
		{"POST", "/api/v1/measurements/reject", PermReview, DBShort, s.reviewBulk(indicators.ActionReject)},
		{"GET", "/api/v1/measurements/:id", PermRead, DBShort, s.measurementsShow},
		{"PUT", "/api/v1/measurements/:id", PermEdit, DBShort, s.measurementsUpdate},
		{"GET", "/api/v1/measurements/:id/history", PermRead, DBShort, s.measurementsHistory},
		{"POST", "/api/v1/measurements/:id/submit", PermEdit, DBShort, s.reviewOne(indicators.ActionSubmit)},
		{"POST", "/api/v1/measurements/:id/approve", PermReview, DBShort, s.reviewOne(indicators.ActionApprove)},
		{"POST", "/api/v1/measurements/:id/reject", PermReview, DBShort, s.reviewOne(indicators.ActionReject)},

		{"POST", "/api/v1/dataValueSets", PermEdit, DBBulk, s.dataValueSetsImport},
		{"GET", "/api/v1/dataValueSets", PermRead, DBBulk, s.dataValueSetsShow},

		{"GET", "/api/v1/audit/events", PermExport, DBShort, s.auditEvents},
		{"GET", "/api/v1/audit/verify", PermExport, DBBulk, s.auditVerify},
		{"GET", "/api/v1/exports/measurements.csv", PermExport, DBBulk, s.exportMeasurements},
		{"GET", "/api/v1/exports/audit.csv", PermExport, DBBulk, s.exportAudit},
		{"GET", "/api/v1/exports/bundle.zip", PermExport, DBBulk, s.exportBundle},
		{"GET", "/api/v1/exports/sdmx.csv", PermExport, DBBulk, s.exportSDMX},
		{"GET", "/api/v1/exports/sdmx-structure.xml", PermExport, DBShort, s.exportSDMXStructure},
		{"GET", "/api/v1/changes", PermRead, DBShort, s.changesList},

		// The pages.
		{"GET", "/", PermPublic, DBShort, s.home},

		{"GET", "/catalogue", PermRead, DBShort, s.cataloguePage},

		{"GET", "/zones/:zone/scorecard", PermRead, DBShort, s.scorecardPage},
		// The what-if form posts to the page; nothing is stored, so
		// reading the zone is enough (as for the API's what-if).
		{"GET", "/zones/:zone/plan", PermRead, DBShort, s.planPage},
		{"POST", "/zones/:zone/plan", PermEdit, DBShort, s.planSave},
		{"POST", "/zones/:zone/plan/adopt", PermReview, DBShort, s.planAdoptForm},
		{"POST", "/zones/:zone/applicability", PermEdit, DBShort, s.applicabilityMarkForm},
		{"POST", "/zones/:zone/applicability/review", PermReview, DBShort, s.applicabilityReviewForm},
		{"GET", "/zones/:zone/planner", PermRead, DBShort, s.plannerPage},
		{"POST", "/zones/:zone/planner", PermRead, DBShort, s.plannerWhatIf},
		{"GET", "/compare", PermRead, DBShort, s.comparePage},

		{"GET", "/zones/:zone/entry", PermEdit, DBShort, s.entryPage},
		{"POST", "/zones/:zone/entry", PermEdit, DBShort, s.entrySave},

		{"GET", "/import", PermEdit, DBShort, s.importPage},
		{"POST", "/import", PermEdit, DBBulk, s.importPreview},
		{"POST", "/import/confirm", PermEdit, DBBulk, s.importConfirm},
		{"GET", "/import/template", PermEdit, DBShort, s.importTemplate},

		{"GET", "/review", PermReview, DBShort, s.reviewPage},
		{"POST", "/review", PermReview, DBShort, s.reviewSubmit},
		{"POST", "/review/all", PermReview, DBShort, s.reviewAll},

		{"GET", "/audit", PermExport, DBShort, s.auditPage},

		{"GET", "/admin", PermAdmin, DBShort, s.adminPage},
		{"POST", "/admin/users", PermAdmin, DBShort, s.adminUserCreate},
		{"POST", "/admin/users/:id", PermAdmin, DBShort, s.adminUserUpdate},
		{"POST", "/admin/zones", PermAdmin, DBShort, s.adminZoneCreate},
		{"POST", "/admin/periods", PermAdmin, DBShort, s.adminPeriod},
		{"POST", "/admin/calendar", PermAdmin, DBShort, s.adminCalendar},
		{"POST", "/admin/frameworks", PermAdmin, DBShort, s.adminFramework},
		{"POST", "/admin/catalogue", PermAdmin, DBShort, s.adminCatalogue},
		{"POST", "/admin/demo", PermAdmin, DBShort, s.adminDemo},

		{"GET", "/zones/:zone/progress", PermRead, DBShort, s.progressPage},
		{"GET", "/api/v1/zones/:zone/progress", PermRead, DBShort, s.progressShow},
		{"GET", "/api/v1/zones/:zone/progress.csv", PermExport, DBShort, s.progressCSV},
		{"GET", "/api/v1/zones/:zone/progress.pdf", PermExport, DBBulk, s.progressPDF},
		{"GET", "/api/v1/zones/:zone/progress.xlsx", PermExport, DBBulk, s.progressXLSX},
		{"GET", "/api/v1/zones/:zone/scorecard.pdf", PermExport, DBBulk, s.scorecardPDF},
		{"GET", "/api/v1/exports/measurements.xlsx", PermExport, DBBulk, s.exportMeasurementsXLSX},

		{"GET", "/account", PermSignedIn, DBShort, s.accountPage},
		{"POST", "/account/password", PermSignedIn, DBShort, s.accountPassword},
		{"POST", "/api/v1/account/password", PermSignedIn, DBShort, s.apiAccountPassword},
		// A reset link is for someone who cannot sign in: the secret in the
		// path is the permission.
		{"GET", "/reset/:token", PermPublic, DBShort, s.resetPage},
		{"POST", "/reset/:token", PermPublic, DBShort, s.resetSubmit},
		{"POST", "/admin/users/:id/reset-link", PermAdmin, DBShort, s.adminResetLink},
		{"POST", "/api/v1/users/:id/reset-link", PermAdmin, DBShort, s.apiResetLink},
		{"POST", "/admin/zones/import", PermAdmin, DBBulk, s.adminZonesUpload},
		{"POST", "/admin/zones/import/confirm", PermAdmin, DBBulk, s.adminZonesConfirm},
		{"POST", "/admin/zones/:zone", PermAdmin, DBShort, s.adminZoneUpdate},
		{"POST", "/admin/catalogue/confirm", PermAdmin, DBBulk, s.adminCatalogueConfirm},
		{"GET", "/zones/:zone/indicators/:code/history", PermRead, DBShort, s.historyPage},
		{"GET", "/api/v1/zones/:zone/indicators/:code/history", PermRead, DBShort, s.valueHistoryShow},
		{"GET", "/api/v1/compare.csv", PermExport, DBBulk, s.compareCSV},
		{"GET", "/api/v1/compare.pdf", PermExport, DBBulk, s.comparePDF},
		// Data quality (SPEC §8): follow-ups, the reporting calendar and
		// the report.
		{"GET", "/api/v1/follow-ups", PermRead, DBShort, s.followUpsList},
		{"POST", "/api/v1/follow-ups", PermFollowUp, DBShort, s.followUpsCreate},
		{"POST", "/api/v1/follow-ups/:id/resolve", PermFollowUp, DBShort, s.followUpsResolve},
		{"GET", "/api/v1/frameworks/:fw/calendar/:year", PermRead, DBShort, s.calendarShow},
		{"PUT", "/api/v1/frameworks/:fw/calendar/:year", PermAdmin, DBShort, s.calendarSet},
		{"GET", "/api/v1/quality", PermRead, DBBulk, s.qualityShow},
		{"GET", "/api/v1/quality.csv", PermExport, DBBulk, s.qualityCSV},
		{"GET", "/api/v1/quality.xlsx", PermExport, DBBulk, s.qualityXLSX},
		{"GET", "/follow-ups", PermRead, DBShort, s.followUpsPage},
		{"POST", "/follow-ups", PermFollowUp, DBShort, s.followUpsFlag},
		{"POST", "/follow-ups/:id/resolve", PermFollowUp, DBShort, s.followUpsResolveForm},
		{"GET", "/quality", PermRead, DBBulk, s.qualityPage},
		// Evidence files (SPEC §9): attached by who may change the value,
		// read and downloaded by who may read it.
		{"POST", "/api/v1/measurements/:id/evidence", PermEdit, DBBulk, s.evidenceUpload},
		{"GET", "/api/v1/measurements/:id/evidence", PermRead, DBShort, s.evidenceList},
		{"GET", "/api/v1/evidence/:sha256", PermRead, DBBulk, s.evidenceDownload},
		{"POST", "/zones/:zone/entry/evidence", PermEdit, DBBulk, s.entryEvidenceAttach},
		// Sign-offs (SPEC §9): read by who may read the zone, made and
		// withdrawn by its reviewers and administrators.
		{"GET", "/api/v1/signoffs", PermRead, DBShort, s.signOffsList},
		{"POST", "/api/v1/signoffs", PermSignOff, DBShort, s.signOffsCreate},
		{"GET", "/api/v1/signoffs/:id", PermRead, DBShort, s.signOffsShow},
		{"POST", "/api/v1/signoffs/:id/withdraw", PermSignOff, DBShort, s.signOffsWithdraw},
		{"GET", "/signoffs", PermRead, DBShort, s.signOffsPage},
		{"POST", "/signoffs", PermSignOff, DBShort, s.signOffsSign},
		{"POST", "/signoffs/:id/withdraw", PermSignOff, DBShort, s.signOffsWithdrawForm},
		// The public site (SPEC §10): what an administrator published,
		// for anyone; data.zip reads every published figure.
		{"GET", "/public", PermPublic, DBShort, s.publicIndex},
		{"GET", "/public/:fw/*file", PermPublic, DBBulk, s.publicFile},
		{"GET", "/api/v1/public-settings", PermAdmin, DBShort, s.publicSettingsList},
		{"PUT", "/api/v1/frameworks/:fw/public", PermAdmin, DBShort, s.publicSettingSet},
		{"POST", "/admin/public", PermAdmin, DBShort, s.adminPublic},
	}
}
