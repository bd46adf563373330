package indicators

import "context"

// Service is what the web and command-line layers need of the store. The
// storage package implements it; tests run it against real databases.
type Service interface {
	Ping(ctx context.Context) error

	ListFrameworks(ctx context.Context) ([]Framework, error)
	Framework(ctx context.Context, code string) (Framework, error)
	SaveFramework(ctx context.Context, f Framework) error
	Catalogue(ctx context.Context, framework string) (*Catalogue, error)
	ImportCatalogue(ctx context.Context, f Framework, cat *Catalogue) (CatalogueResult, error)

	ListZones(ctx context.Context) ([]Zone, error)
	Zone(ctx context.Context, code string) (Zone, error)
	CreateZone(ctx context.Context, z Zone) error
	ImportZones(ctx context.Context, zones []Zone) (ZonesResult, error)

	ListMeasurements(ctx context.Context, f MeasurementFilter) (Page[Measurement], error)
	Measurement(ctx context.Context, id int64) (Measurement, error)
	CreateMeasurement(ctx context.Context, in MeasurementInput, actor string) (Measurement, error)
	UpdateMeasurement(ctx context.Context, id int64, in MeasurementInput, version int, actor string) (Measurement, error)
	History(ctx context.Context, id int64) ([]Measurement, error)
	ImportMeasurements(ctx context.Context, rd RowReader, opts ImportOptions) (ImportResult, error)
	ExportMeasurements(ctx context.Context, f MeasurementFilter, history bool, fn func(*ExportRow) error) error
}
