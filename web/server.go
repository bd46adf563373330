// Package web serves the tracker over HTTP: the JSON API under /api/v1, the
// operations endpoints and the pages. Every route is listed once, in
// routes(), beside the permission it needs.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"igmc/indicators"
	"igmc/reports"
	"igmc/scoring"
)

// Permission is what a route requires of its caller. The names follow the
// rows of the permission table of the specification.
type Permission string

// The permissions.
const (
	// PermPublic: anyone, signed in or not (health checks, the sign-in).
	PermPublic Permission = "public"
	// PermRead: read the catalogue, zones, values and scorecards in scope.
	PermRead Permission = "read"
	// PermEdit: create and edit draft values, import, submit.
	PermEdit Permission = "edit"
	// PermReview: approve or reject submitted values.
	PermReview Permission = "review"
	// PermExport: export data, reports and the audit trail in scope.
	PermExport Permission = "export"
	// PermAdmin: manage users, zones, frameworks, the catalogue and periods.
	PermAdmin Permission = "admin"
	// PermSignedIn: any signed-in user (their own tokens, sign-out).
	PermSignedIn Permission = "signed_in"
)

// rolePerms is the permission table: what each role may do. Zone scope is
// checked on top of it, by the handlers and the store.
var rolePerms = map[indicators.Role]map[Permission]bool{
	indicators.RoleAdmin:    {PermRead: true, PermEdit: true, PermReview: true, PermExport: true, PermAdmin: true, PermSignedIn: true},
	indicators.RoleOfficer:  {PermRead: true, PermEdit: true, PermExport: true, PermSignedIn: true},
	indicators.RoleReviewer: {PermRead: true, PermReview: true, PermExport: true, PermSignedIn: true},
	indicators.RoleAuditor:  {PermRead: true, PermExport: true, PermSignedIn: true},
}

// Allowed reports whether role may use a route that needs perm.
func Allowed(role indicators.Role, perm Permission) bool {
	return perm == PermPublic || rolePerms[role][perm]
}

// Route is one row of the route table.
type Route struct {
	Method  string
	Path    string
	Perm    Permission
	Handler gin.HandlerFunc
}

// Service is what the server needs of the store: the domain service and
// the scorecards.
type Service interface {
	indicators.Service
	indicators.Accounts
	pageStore
	planStore
	reports.Store
	Ranking(ctx context.Context, framework string, year int, basis scoring.Basis) ([]scoring.RankRow, error)
}

// Server holds what the handlers need.
type Server struct {
	svc     Service
	log     *slog.Logger
	metrics *metrics
	engine  *gin.Engine
	cards   cardBodies
	// Version is shown by /healthz.
	Version string
	// SecureCookies marks cookies Secure even on plain HTTP (behind a
	// TLS-terminating proxy); over TLS they always are.
	SecureCookies bool
	// PDFFont is the TrueType font of Chinese PDF reports; empty means
	// DefaultPDFFont.
	PDFFont string
	// TempDir holds the temporary files of uploads (a workbook is copied
	// there to be read); empty means os.TempDir. The program points it at
	// a folder of the data dir that it clears at start.
	TempDir string
	// MaxUpload is the largest measurements file taken, in bytes; 0 means
	// DefaultMaxUpload.
	MaxUpload int64
	// DBTimeout and DBBulkTimeout bound a request's database work: the
	// second for imports and exports (bulkRoutes). New sets the defaults.
	DBTimeout, DBBulkTimeout time.Duration
}

// New builds the server and its router.
func New(svc Service, log *slog.Logger, trustedProxies ...string) *Server {
	gin.SetMode(gin.ReleaseMode)
	s := &Server{svc: svc, log: log, metrics: newMetrics(prometheus.NewRegistry()), DBTimeout: DefaultDBTimeout, DBBulkTimeout: DefaultDBBulkTimeout}
	e := gin.New()
	// The client's address (which sign-in throttling counts by) comes from
	// X-Forwarded-For only when the request comes through a trusted proxy.
	if err := e.SetTrustedProxies(trustedProxies); err != nil {
		log.Error("ignoring IGMC_TRUSTED_PROXIES", "err", err)
		_ = e.SetTrustedProxies(nil)
	}
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	e.Use(s.recoverPanics, securityHeaders, s.observe, s.withDBTimeout, s.identify, s.checkText)
	parsePages()
	e.NoRoute(func(c *gin.Context) {
		s.fail(c, indicators.Errorf(indicators.NotFound, "no such page: %s", c.Request.URL.Path))
	})
	e.NoMethod(func(c *gin.Context) {
		s.failStatus(c, http.StatusMethodNotAllowed, "method_not_allowed", "method "+c.Request.Method+" is not allowed here")
	})
	for _, r := range s.Routes() {
		e.Handle(r.Method, r.Path, s.authorize(r.Perm), r.Handler)
	}
	s.engine = e
	return s
}

// Handler is the http.Handler to serve.
func (s *Server) Handler() http.Handler { return s.engine }

// Routes is the route table: every path, its method, its permission and its
// handler, in one place.
func (s *Server) Routes() []Route {
	routes := []Route{
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
		{"GET", "/api/v1/zones/:zone/plan", PermRead, s.planShow},
		{"POST", "/api/v1/zones/:zone/plan/adopt", PermReview, s.planAdopt},
		{"GET", "/api/v1/zones/:zone/applicability", PermRead, s.applicabilityList},
		{"POST", "/api/v1/zones/:zone/applicability", PermEdit, s.applicabilityMark},
		{"POST", "/api/v1/zones/:zone/applicability/:indicator/approve", PermReview, s.applicabilityReview(true)},
		{"POST", "/api/v1/zones/:zone/applicability/:indicator/reject", PermReview, s.applicabilityReview(false)},
		{"GET", "/api/v1/zones/:zone/scorecard.csv", PermExport, s.scorecardCSV},
		{"GET", "/api/v1/zones/:zone/scorecard.xlsx", PermExport, s.scorecardXLSX},

		{"GET", "/api/v1/measurements", PermRead, s.measurementsList},
		{"POST", "/api/v1/measurements", PermEdit, s.measurementsCreate},
		{"POST", "/api/v1/measurements/import", PermEdit, s.measurementsImport},
		{"POST", "/api/v1/plans/import", PermEdit, s.plansImport},
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
	}
	// The pages, by area; each area's file lists its routes.
	for _, area := range [][]Route{s.homeRoutes(), s.cataloguePageRoutes(), s.scorecardPageRoutes(), s.entryRoutes(),
		s.importPageRoutes(), s.reviewPageRoutes(), s.planPageRoutes(), s.auditPageRoutes(), s.adminRoutes(), s.reportRoutes()} {
		routes = append(routes, area...)
	}
	return routes
}
