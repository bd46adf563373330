package indicators

import "context"

// Service is what the web and command-line layers need of the store. The
// storage package implements it; tests run it against real databases.
type Service interface {
	Ping(ctx context.Context) error

	ListFrameworks(ctx context.Context) ([]Framework, error)
	Framework(ctx context.Context, code string) (Framework, error)
	SaveFramework(ctx context.Context, f Framework, by *Principal) error
	Catalogue(ctx context.Context, framework string) (*Catalogue, error)
	ImportCatalogue(ctx context.Context, f Framework, cat *Catalogue, by *Principal) (CatalogueResult, error)

	ListZones(ctx context.Context) ([]Zone, error)
	Zone(ctx context.Context, code string) (Zone, error)
	CreateZone(ctx context.Context, z Zone, by *Principal) error
	ImportZones(ctx context.Context, zones []Zone, by *Principal) (ZonesResult, error)

	ListMeasurements(ctx context.Context, f MeasurementFilter) (Page[Measurement], error)
	Measurement(ctx context.Context, id int64) (Measurement, error)
	CreateMeasurement(ctx context.Context, in MeasurementInput, by *Principal) (Measurement, error)
	UpdateMeasurement(ctx context.Context, id int64, in MeasurementInput, version int, by *Principal) (Measurement, error)
	Review(ctx context.Context, ids []int64, action ReviewAction, comment string, by *Principal) ([]Measurement, error)
	History(ctx context.Context, id int64) ([]Measurement, error)
	// ValueHistory is every version of one value, oldest first, each with
	// the event that wrote it; empty when nothing was ever entered for it.
	ValueHistory(ctx context.Context, k ValueKey) ([]ValueVersion, error)
	ImportMeasurements(ctx context.Context, rd RowReader, opts ImportOptions) (ImportResult, error)
	ExportMeasurements(ctx context.Context, f MeasurementFilter, history bool, fn func(*ExportRow) error) error

	ListPeriods(ctx context.Context, framework string) ([]ReportingPeriod, error)
	SetPeriod(ctx context.Context, framework string, year int, closed bool, reason string, by *Principal) (ReportingPeriod, error)

	ListAuditEvents(ctx context.Context, f AuditFilter, zones []string) (Page[AuditEvent], error)
	// ListChanges is the changes feed: audit events after a cursor, of
	// some zones (nil: all), account events only when accounts is true.
	ListChanges(ctx context.Context, after int64, limit int, zones []string, accounts bool) (ChangesPage, error)
	ExportAudit(ctx context.Context, zones []string, fn func(*AuditEvent) error) error
	VerifyAudit(ctx context.Context) (VerifyReport, error)
}

// Accounts is what sign-in and user administration need of the store.
type Accounts interface {
	Authenticate(ctx context.Context, email, password, address string) (*Principal, error)
	CreateSession(ctx context.Context, p *Principal) (secret, csrf string, err error)
	SessionPrincipal(ctx context.Context, secret string) (*Principal, error)
	EndSession(ctx context.Context, sessionID string) error
	SetLanguage(ctx context.Context, user int64, lang string) error
	CreateToken(ctx context.Context, p *Principal, name string) (Token, string, error)
	ListTokens(ctx context.Context, user int64) ([]Token, error)
	RevokeToken(ctx context.Context, p *Principal, id int64) error
	TokenPrincipal(ctx context.Context, secret string) (*Principal, error)
	ListUsers(ctx context.Context) ([]User, error)
	CreateUser(ctx context.Context, in UserInput, by *Principal) (User, error)
	UpdateUser(ctx context.Context, id int64, in UserInput, by *Principal) (User, error)
}

// UserInput is what an administrator sets on a user.
type UserInput struct {
	Email    string
	Name     string
	Role     Role
	Zones    []string
	Language string
	Disabled bool
	// Password, when not empty, sets the password.
	Password string
}
