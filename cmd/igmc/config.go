package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"igmc/indicators"
	"igmc/locale"
	"igmc/reports"
	"igmc/storage"
)

// config is the one configuration every command runs on, from the
// environment.
type config struct {
	DatabaseURL string // IGMC_DATABASE_URL: postgres://… ; empty = SQLite in DataDir
	DataDir     string // IGMC_DATA_DIR, default ./data
	Addr        string // IGMC_ADDR, default 127.0.0.1:8080
	LogLevel    string // IGMC_LOG_LEVEL: debug, info (default), warn, error
	LogFormat   string // IGMC_LOG_FORMAT: text (default) or json
	// SecureCookies (IGMC_SECURE_COOKIES=true) marks cookies Secure behind
	// a proxy that terminates TLS; over TLS they always are.
	SecureCookies bool
	// TrustedProxies (IGMC_TRUSTED_PROXIES, comma-separated addresses or
	// CIDR ranges) are the proxies whose X-Forwarded-For is believed; by
	// default none, and the client address is the connection's.
	TrustedProxies []string
	// PDFFont (IGMC_PDF_FONT) is the TrueType font of Chinese PDF
	// reports (.ttf, or a .ttc's first face); unset, the first installed
	// of reports.PDFFonts; without one they come out in English with a
	// notice.
	PDFFont string
	// MaxUpload (IGMC_MAX_UPLOAD_MB, default 1024) is the largest
	// measurements file taken, in bytes; what a workbook may unzip to
	// follows from it.
	MaxUpload int64
	// MaxEvidence (IGMC_EVIDENCE_MAX_MB, default 20) is the largest
	// evidence file taken, in bytes.
	MaxEvidence int64
	// DBTimeout (IGMC_DB_TIMEOUT, default 30s) bounds a request's
	// database work; DBBulkTimeout (IGMC_DB_BULK_TIMEOUT, default 10m)
	// that of imports and exports; past it the request answers 503. 0
	// (unset) leaves the server's defaults.
	DBTimeout, DBBulkTimeout time.Duration
	// TimeZone (IGMC_TIME_ZONE, an IANA name, default Asia/Shanghai) is
	// the zone every page, export and report shows times in.
	TimeZone *time.Location
	// SigningKey (IGMC_SIGNING_KEY) names a PKCS #8 PEM file holding the
	// Ed25519 key that signs bundles and sign-offs; unset, the key kept
	// in the database (made on first start).
	SigningKey string
	// AuditHeadFile (IGMC_AUDIT_HEAD_FILE) is where the audit head is
	// written after each change, for a copy kept elsewhere; unset, nowhere.
	AuditHeadFile string
	// ReplicaURLs (IGMC_DATABASE_REPLICA_URLS, comma-separated postgres://
	// URLs) are streaming replicas of the PostgreSQL database that serve
	// the reads which may be a little stale; ReplicaMaxLag
	// (IGMC_REPLICA_MAX_LAG, default 10s, 1s to 1h) is how far behind the
	// primary one may be and still serve.
	ReplicaURLs   []string
	ReplicaMaxLag time.Duration
}

// The bounds of IGMC_REPLICA_MAX_LAG.
const (
	minReplicaLag = time.Second
	maxReplicaLag = time.Hour
)

func loadConfig(getenv func(string) string) (config, error) {
	c := config{
		DatabaseURL: getenv("IGMC_DATABASE_URL"),
		DataDir:     or(getenv("IGMC_DATA_DIR"), "data"),
		Addr:        or(getenv("IGMC_ADDR"), "127.0.0.1:8080"),
		LogLevel:    or(getenv("IGMC_LOG_LEVEL"), "info"),
		LogFormat:   or(getenv("IGMC_LOG_FORMAT"), "text"),
		PDFFont:     strings.TrimSpace(getenv("IGMC_PDF_FONT")),
		SigningKey:  strings.TrimSpace(getenv("IGMC_SIGNING_KEY")),
		// The head file's name is taken as given.
		AuditHeadFile: strings.TrimSpace(getenv("IGMC_AUDIT_HEAD_FILE")),
	}
	c.SecureCookies = getenv("IGMC_SECURE_COOKIES") == "true"
	c.MaxUpload = indicators.DefaultMaxUpload
	if v := strings.TrimSpace(getenv("IGMC_MAX_UPLOAD_MB")); v != "" {
		mb, err := strconv.Atoi(v)
		if err != nil || mb < 1 || mb > 1<<20 {
			return c, fmt.Errorf("IGMC_MAX_UPLOAD_MB must be a whole number of MiB between 1 and 1048576 (got %q)", v)
		}
		c.MaxUpload = int64(mb) << 20
	}
	c.MaxEvidence = indicators.DefaultMaxEvidence
	if v := strings.TrimSpace(getenv("IGMC_EVIDENCE_MAX_MB")); v != "" {
		mb, err := strconv.Atoi(v)
		if err != nil || mb < 1 || mb > 1024 {
			return c, fmt.Errorf("IGMC_EVIDENCE_MAX_MB must be a whole number of MiB between 1 and 1024 (got %q)", v)
		}
		c.MaxEvidence = int64(mb) << 20
	}
	for _, p := range strings.Split(getenv("IGMC_TRUSTED_PROXIES"), ",") {
		if p = strings.TrimSpace(p); p != "" {
			c.TrustedProxies = append(c.TrustedProxies, p)
		}
	}
	for _, d := range []struct {
		name string
		dst  *time.Duration
	}{{"IGMC_DB_TIMEOUT", &c.DBTimeout}, {"IGMC_DB_BULK_TIMEOUT", &c.DBBulkTimeout}} {
		if v := strings.TrimSpace(getenv(d.name)); v != "" {
			t, err := time.ParseDuration(v)
			if err != nil || t <= 0 {
				return c, fmt.Errorf("%s must be a positive duration such as 30s or 5m (got %q)", d.name, v)
			}
			*d.dst = t
		}
	}
	if err := c.loadReplicas(getenv); err != nil {
		return c, err
	}
	tz, err := locale.LoadTimeZone(getenv("IGMC_TIME_ZONE"))
	if err != nil {
		return c, fmt.Errorf("IGMC_TIME_ZONE: %w", err)
	}
	c.TimeZone = tz
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return c, fmt.Errorf("IGMC_LOG_LEVEL must be debug, info, warn or error (got %q)", c.LogLevel)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return c, fmt.Errorf("IGMC_LOG_FORMAT must be text or json (got %q)", c.LogFormat)
	}
	return c, nil
}

// loadReplicas reads the read replicas and their allowed lag.
func (c *config) loadReplicas(getenv func(string) string) error {
	c.ReplicaMaxLag = storage.DefaultReplicaMaxLag
	if v := strings.TrimSpace(getenv("IGMC_REPLICA_MAX_LAG")); v != "" {
		t, err := time.ParseDuration(v)
		if err != nil || t < minReplicaLag || t > maxReplicaLag {
			return fmt.Errorf("IGMC_REPLICA_MAX_LAG must be a duration between %s and %s such as 10s or 1m (got %q)", minReplicaLag, maxReplicaLag, v)
		}
		c.ReplicaMaxLag = t
	}
	raw := strings.TrimSpace(getenv("IGMC_DATABASE_REPLICA_URLS"))
	if raw == "" {
		return nil
	}
	for _, u := range strings.Split(raw, ",") {
		if u = strings.TrimSpace(u); u != "" {
			c.ReplicaURLs = append(c.ReplicaURLs, u)
		}
	}
	engine := storage.Postgres
	if !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		engine = storage.SQLite
	}
	if engine == storage.SQLite {
		return fmt.Errorf("IGMC_DATABASE_REPLICA_URLS needs a PostgreSQL database (IGMC_DATABASE_URL=postgres://…): SQLite has no read replicas")
	}
	if err := storage.CheckReplicaURLs(c.ReplicaURLs, engine); err != nil {
		return fmt.Errorf("IGMC_DATABASE_REPLICA_URLS: %s", strings.TrimPrefix(err.Error(), "storage: "))
	}
	return nil
}

func or(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return v
}

// String prints the configuration with the database password masked.
func (c config) String() string {
	db := "sqlite (" + c.DataDir + "/igmc.db)"
	if c.DatabaseURL != "" {
		db = storage.MaskURL(c.DatabaseURL)
	}
	font := c.PDFFont
	if font == "" {
		font = reports.DefaultPDFFont() + " (the first installed)"
	}
	out := fmt.Sprintf("database=%s data_dir=%s addr=%s log_level=%s pdf_font=%s time_zone=%s", db, c.DataDir, c.Addr, c.LogLevel, font, c.TimeZone)
	// The files' paths only: what they hold is never printed.
	if c.SigningKey != "" {
		out += " signing_key=" + c.SigningKey
	}
	if c.AuditHeadFile != "" {
		out += " audit_head_file=" + c.AuditHeadFile
	}
	if len(c.ReplicaURLs) > 0 {
		masked := make([]string, len(c.ReplicaURLs))
		for i, u := range c.ReplicaURLs {
			masked[i] = storage.MaskURL(u)
		}
		out += " replicas=" + strings.Join(masked, ",") + " replica_max_lag=" + c.ReplicaMaxLag.String()
	}
	return out
}

func (c config) logger(w io.Writer) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(c.LogLevel))
	opts := &slog.HandlerOptions{Level: lvl}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// storeOptions are the options every command opens the database with.
func (c config) storeOptions(stderr io.Writer) storage.Options {
	return storage.Options{DatabaseURL: c.DatabaseURL, DataDir: c.DataDir, Logger: c.logger(stderr), SigningKeyFile: c.SigningKey,
		AuditHeadFile: c.AuditHeadFile, ReplicaURLs: c.ReplicaURLs, ReplicaMaxLag: c.ReplicaMaxLag}
}
