package web

import (
	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// Route is one row of the route table.
type Route struct {
	Method  string
	Path    string
	Perm    Permission
	Handler gin.HandlerFunc
}

// Routes is the route table: every path, its method, its permission and its
// handler, in one place, the API and the pages alike. New registers exactly
// these rows and nothing else (TestAuthorizationMatrix walks the router to
// make sure); a new route is a new row here, with a sample in the matrix
// test and a line in docs/api.md.
func (s *Server) Routes() []Route {
	return []Route{
		// Monitors and load balancers often probe with HEAD.
		{"GET", "/healthz", PermPublic, s.healthz},
		{"HEAD", "/healthz", PermPublic, s.healthz},
		{"GET", "/readyz", PermPublic, s.readyz},
		{"HEAD", "/readyz", PermPublic, s.readyz},
		{"GET", "/metrics", PermPublic, s.metricsHandler()},
		{"GET", "/static/*file", PermPublic, s.static()},
		{"GET", "/login", PermPublic, s.loginPage},
		{"POST", "/login", PermPublic, s.loginSubmit},
		{"POST", "/logout", PermSignedIn, s.logout},
		{"POST", "/language", PermPublic, s.setLanguage},

		{"POST", "/api/v1/auth/token", PermPublic, s.authToken},
		{"GET", "/api/v1/auth/me", PermSignedIn, s.authMe},
		{"GET", "/api/v1/tokens", PermSignedIn, s.tokensList},
		{"POST", "/api/v1/tokens", PermSignedIn, s.tokensCreate},
		{"DELETE", "/api/v1/tokens/:id", PermSignedIn, s.tokensRevoke},
		{"GET", "/api/v1/users", PermAdmin, s.usersList},
		{"POST", "/api/v1/users", PermAdmin, s.usersCreate},
		{"PUT", "/api/v1/users/:id", PermAdmin, s.usersUpdate},

		{"GET", "/api/v1/frameworks", PermRead, s.frameworksList},
		{"POST", "/api/v1/frameworks", PermAdmin, s.frameworksSave},
		{"GET", "/api/v1/frameworks/:fw", PermRead, s.frameworksShow},
		{"GET", "/api/v1/frameworks/:fw/indicators", PermRead, s.indicatorsList},
		{"POST", "/api/v1/frameworks/:fw/catalogue", PermAdmin, s.catalogueImport},
		{"GET", "/api/v1/frameworks/:fw/catalogue.csv", PermRead, s.catalogueExport},
		{"GET", "/api/v1/frameworks/:fw/ranking", PermRead, s.rankingShow},
		{"GET", "/api/v1/frameworks/:fw/periods", PermRead, s.periodsList},
		{"POST", "/api/v1/frameworks/:fw/periods/:year/close", PermAdmin, s.periodClose},
		{"POST", "/api/v1/frameworks/:fw/periods/:year/reopen", PermAdmin, s.periodReopen},

		{"GET", "/api/v1/zones", PermRead, s.zonesList},
		{"POST", "/api/v1/zones", PermAdmin, s.zonesCreate},
		{"POST", "/api/v1/zones/import", PermAdmin, s.zonesImport},
		{"GET", "/api/v1/zones/:zone", PermRead, s.zonesShow},
		{"GET", "/api/v1/zones/:zone/scorecard", PermRead, s.scorecardShow},
		{"GET", "/api/v1/zones/:zone/scorecard.csv", PermExport, s.scorecardCSV},
		{"GET", "/api/v1/zones/:zone/scorecard.xlsx", PermExport, s.scorecardXLSX},

		{"GET", "/api/v1/measurements", PermRead, s.measurementsList},
		{"POST", "/api/v1/measurements", PermEdit, s.measurementsCreate},
		{"POST", "/api/v1/measurements/import", PermEdit, s.measurementsImport},
		{"POST", "/api/v1/measurements/submit", PermEdit, s.reviewBulk(indicators.ActionSubmit)},
		{"POST", "/api/v1/measurements/approve", PermReview, s.reviewBulk(indicators.ActionApprove)},
		{"POST", "/api/v1/measurements/reject", PermReview, s.reviewBulk(indicators.ActionReject)},
		{"GET", "/api/v1/measurements/:id", PermRead, s.measurementsShow},
		{"PUT", "/api/v1/measurements/:id", PermEdit, s.measurementsUpdate},
		{"GET", "/api/v1/measurements/:id/history", PermRead, s.measurementsHistory},
		{"POST", "/api/v1/measurements/:id/submit", PermEdit, s.reviewOne(indicators.ActionSubmit)},
		{"POST", "/api/v1/measurements/:id/approve", PermReview, s.reviewOne(indicators.ActionApprove)},
		{"POST", "/api/v1/measurements/:id/reject", PermReview, s.reviewOne(indicators.ActionReject)},

		{"GET", "/api/v1/audit/events", PermExport, s.auditEvents},
		{"GET", "/api/v1/audit/verify", PermExport, s.auditVerify},
		{"GET", "/api/v1/exports/measurements.csv", PermExport, s.exportMeasurements},
		{"GET", "/api/v1/exports/audit.csv", PermExport, s.exportAudit},
		{"GET", "/api/v1/exports/bundle.zip", PermExport, s.exportBundle},

		// The pages.
		{"GET", "/", PermPublic, s.home},

		{"GET", "/catalogue", PermRead, s.cataloguePage},

		{"GET", "/zones/:zone/scorecard", PermRead, s.scorecardPage},
		{"GET", "/compare", PermRead, s.comparePage},

		{"GET", "/zones/:zone/entry", PermEdit, s.entryPage},
		{"POST", "/zones/:zone/entry", PermEdit, s.entrySave},

		{"GET", "/import", PermEdit, s.importPage},
		{"POST", "/import", PermEdit, s.importPreview},
		{"POST", "/import/confirm", PermEdit, s.importConfirm},
		{"GET", "/import/template", PermEdit, s.importTemplate},

		{"GET", "/review", PermReview, s.reviewPage},
		{"POST", "/review", PermReview, s.reviewSubmit},

		{"GET", "/audit", PermExport, s.auditPage},

		{"GET", "/admin", PermAdmin, s.adminPage},
		{"POST", "/admin/users", PermAdmin, s.adminUserCreate},
		{"POST", "/admin/users/:id", PermAdmin, s.adminUserUpdate},
		{"POST", "/admin/zones", PermAdmin, s.adminZoneCreate},
		{"POST", "/admin/periods", PermAdmin, s.adminPeriod},
		{"POST", "/admin/frameworks", PermAdmin, s.adminFramework},
		{"POST", "/admin/catalogue", PermAdmin, s.adminCatalogue},
		{"POST", "/admin/demo", PermAdmin, s.adminDemo},

		{"GET", "/zones/:zone/progress", PermRead, s.progressPage},
		{"GET", "/api/v1/zones/:zone/progress", PermRead, s.progressShow},
		{"GET", "/api/v1/zones/:zone/progress.csv", PermExport, s.progressCSV},
		{"GET", "/api/v1/zones/:zone/progress.pdf", PermExport, s.progressPDF},
		{"GET", "/api/v1/zones/:zone/progress.xlsx", PermExport, s.progressXLSX},
		{"GET", "/api/v1/zones/:zone/scorecard.pdf", PermExport, s.scorecardPDF},
		{"GET", "/api/v1/exports/measurements.xlsx", PermExport, s.exportMeasurementsXLSX},
	}
}
