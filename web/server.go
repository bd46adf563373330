// Package web serves the tracker over HTTP: the JSON API under /api/v1, the
// operations endpoints and the pages. Every route is listed once, in the
// route table of routes.go (Server.Routes), beside the permission it needs.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"igmc/indicators"
	"igmc/locale"
	"igmc/reports"
	"igmc/scoring"
)

// Permission is what a route requires of its caller: the domain's
// permissions (indicators.Permission), under the names the route table
// uses.
type Permission = indicators.Permission

// The permissions, as the route table names them.
const (
	PermPublic   = indicators.PermPublic
	PermRead     = indicators.PermRead
	PermEdit     = indicators.PermEdit
	PermReview   = indicators.PermReview
	PermExport   = indicators.PermExport
	PermAdmin    = indicators.PermAdmin
	PermSignedIn = indicators.PermSignedIn
	PermFollowUp = indicators.PermFollowUp
	PermSignOff  = indicators.PermSignOff
)

// Allowed reports whether role may use a route that needs perm: the
// domain's permission table answers (indicators.Allowed). Zone scope is
// checked on top of it, by the handlers and the store.
func Allowed(role indicators.Role, perm Permission) bool { return indicators.Allowed(role, perm) }

// Service is what the server needs of the store: the domain service and
// the scorecards.
type Service interface {
	indicators.Service
	indicators.Accounts
	pageStore
	plannerStore
	planStore
	ruleStore
	accountStore
	adminStore
	reviewStore
	qualityStore
	evidenceStore
	signOffStore
	publicStore
	reports.Store
	Ranking(ctx context.Context, framework string, year int, basis scoring.Basis) ([]scoring.RankRow, error)
	// RecordAccess records a download on the audit trail.
	RecordAccess(ctx context.Context, p *indicators.Principal, action string, d indicators.AccessDetail) error
}

// Server holds what the handlers need.
type Server struct {
	svc     Service
	log     *slog.Logger
	metrics *metrics
	engine  *gin.Engine
	cards   cardBodies
	openapi apiDocs
	public  publicSites
	// bulk holds the routes of class DBBulk, by method and pattern.
	bulk map[routeKey]bool
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
	// MaxEvidence is the largest evidence file taken, in bytes; 0 means
	// indicators.DefaultMaxEvidence.
	MaxEvidence int64
	// replicated is the store when it has read replicas, else nil; writers
	// holds the clients' last write positions (see replicas.go).
	replicated replicaStore
	writers    writers
	// DBTimeout and DBBulkTimeout bound a request's database work: the
	// second for the routes of class DBBulk. New sets the defaults.
	DBTimeout, DBBulkTimeout time.Duration
}

// New builds the server and its router.
func New(svc Service, log *slog.Logger, trustedProxies ...string) *Server {
	gin.SetMode(gin.ReleaseMode)
	s := &Server{svc: svc, log: log, metrics: newMetrics(prometheus.NewRegistry()), DBTimeout: DefaultDBTimeout, DBBulkTimeout: DefaultDBBulkTimeout}
	if rs, ok := svc.(replicaStore); ok && rs.HasReplicas() {
		s.replicated = rs
		s.metrics.reg.MustRegister(newReplicaCollector(rs))
	}
	e := gin.New()
	// The client's address (which sign-in throttling counts by) comes from
	// X-Forwarded-For only when the request comes through a trusted proxy.
	if err := e.SetTrustedProxies(trustedProxies); err != nil {
		log.Error("ignoring IGMC_TRUSTED_PROXIES", "err", err)
		_ = e.SetTrustedProxies(nil)
	}
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	e.Use(s.recoverPanics, securityHeaders, s.observe, s.withDBTimeout, s.identify, s.followWrites, s.checkText)
	e.NoRoute(func(c *gin.Context) {
		s.fail(c, indicators.Errorf(indicators.NotFound, "no such page: %s", c.Request.URL.Path))
	})
	e.NoMethod(func(c *gin.Context) {
		s.failStatus(c, http.StatusMethodNotAllowed, "method_not_allowed", "method "+c.Request.Method+" is not allowed here")
	})
	s.bulk = map[routeKey]bool{}
	for _, r := range s.Routes() {
		if r.Time == DBBulk {
			s.bulk[routeKey{r.Method, r.Path}] = true
		}
		chain := []gin.HandlerFunc{s.authorize(r.Perm)}
		if a := accessOf(r); a != "" {
			chain = append(chain, s.recordAccess(a))
		}
		e.Handle(r.Method, r.Path, append(chain, r.Handler)...)
	}
	s.engine = e
	return s
}

// Warm parses the page templates and the message files, which New leaves
// to the first request that needs them so that a server listens at once;
// a server calls it once it listens, so that the first page does not wait.
func (s *Server) Warm() {
	parsePages()
	locale.Warm()
}

// Handler is the http.Handler to serve.
func (s *Server) Handler() http.Handler { return s.engine }
