// Package reports makes every file the tracker exports and every report it
// assembles: the scorecard and progress report as CSV, XLSX and PDF, the
// measurements export as CSV and XLSX, the audit trail as CSV, the
// auditor's bundle, its check and its recompute, and the terminal table
// of the command line. Encoders write to an io.Writer; what they need of the store they
// read through Store, so the same code serves the HTTP downloads and the
// igmc commands. It knows nothing of HTTP or SQL (no gin, no gorm).
package reports

import (
	"context"

	"igmc/indicators"
	"igmc/scoring"
)

// Store is what the reports read: the catalogue and zones, the cards, the
// values still awaiting approval, and the streams of values and audit
// events. storage.Store implements it.
type Store interface {
	Framework(ctx context.Context, code string) (indicators.Framework, error)
	Catalogue(ctx context.Context, framework string) (*indicators.Catalogue, error)
	Zone(ctx context.Context, code string) (indicators.Zone, error)
	ListZones(ctx context.Context) ([]indicators.Zone, error)
	// Scorecard is a zone's card as of year on a basis; it is shared and
	// must not be modified.
	Scorecard(ctx context.Context, framework, zone string, year int, basis scoring.Basis) (scoring.Card, error)
	// ScorecardSeries is a zone's cards for each year first..last.
	ScorecardSeries(ctx context.Context, framework, zone string, first, last int, basis scoring.Basis) ([]scoring.Card, error)
	// YearRange is the first and last year with a value in framework.
	YearRange(ctx context.Context, framework string) (first, last int, ok bool, err error)
	// UnapprovedValues lists a zone's values of one framework and year
	// that are not approved.
	UnapprovedValues(ctx context.Context, framework, zone string, year int) ([]indicators.Measurement, error)
	MeasurementSource
	AuditSource
	EvidenceSource
	ScoringSource
	Signer
	SignOffSource
	VerifyAudit(ctx context.Context) (indicators.VerifyReport, error)
	// QualityReportOf is the data-quality report of framework × year for
	// the zones given (nil: every zone).
	QualityReportOf(ctx context.Context, framework string, year int, zones []string) (indicators.QualityReport, error)
}

// MeasurementSource streams the values of a filter, oldest first, with
// their history when asked.
type MeasurementSource interface {
	ExportMeasurements(ctx context.Context, f indicators.MeasurementFilter, history bool, fn func(*indicators.ExportRow) error) error
}

// AuditSource streams the audit events of some zones (nil: every zone).
type AuditSource interface {
	ExportAudit(ctx context.Context, zones []string, fn func(*indicators.AuditEvent) error) error
}
