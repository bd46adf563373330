package storage

import (
	"encoding/json"
	"strings"
	"time"

	"igmc/indicators"
)

// Row structs: the shape of each table as GORM sees it. They never leave
// this package; conversion functions turn them into domain values.

type metaRow struct {
	Key   string `gorm:"primaryKey"`
	Value string
}

func (metaRow) TableName() string { return "app_meta" }

type frameworkRow struct {
	ID         int64
	Code       string
	NameEn     string
	NameZh     string
	Version    string
	GradeBands string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (frameworkRow) TableName() string { return "frameworks" }

func (r *frameworkRow) domain() indicators.Framework {
	f := indicators.Framework{Code: r.Code, NameEn: r.NameEn, NameZh: r.NameZh, Version: r.Version, GradeBands: []indicators.GradeBand{}}
	_ = json.Unmarshal([]byte(r.GradeBands), &f.GradeBands) // written by this package only
	return f
}

type perspectiveRow struct {
	ID          int64
	FrameworkID int64
	Code        string
	NameEn      string
	NameZh      string
	Weight      float64
	Position    int
}

func (perspectiveRow) TableName() string { return "perspectives" }

type categoryRow struct {
	ID            int64
	PerspectiveID int64
	Code          string
	NameEn        string
	NameZh        string
	Position      int
}

func (categoryRow) TableName() string { return "categories" }

type indicatorRow struct {
	ID            int64
	FrameworkID   int64
	PerspectiveID int64
	CategoryID    *int64
	Code          string
	NameEn        string
	NameZh        string
	Unit          string
	UnitZh        string
	Frequency     indicators.Frequency
	Aggregation   indicators.Aggregation
	Best          *float64
	Worst         *float64
	Green         *float64
	Red           *float64
	BaselineValue *float64
	BaselineYear  *int
	TargetValue   *float64
	TargetYear    *int
	Weight        float64
	Points        float64
	MinValue      *float64
	MaxValue      *float64
	Reference     string
	Source        string
	SourceZh      string
	Definition    string
	DefinitionZh  string
	AppliesTo     string
	Position      int
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

func (indicatorRow) TableName() string { return "indicators" }

func (r *indicatorRow) domain(perspective, category string) indicators.Indicator {
	return indicators.Indicator{
		Code: r.Code, PerspectiveCode: perspective, CategoryCode: category,
		NameEn: r.NameEn, NameZh: r.NameZh, Unit: r.Unit, UnitZh: r.UnitZh, Frequency: r.Frequency, Aggregation: r.Aggregation,
		Best: r.Best, Worst: r.Worst, Green: r.Green, Red: r.Red,
		BaselineValue: r.BaselineValue, BaselineYear: r.BaselineYear, TargetValue: r.TargetValue, TargetYear: r.TargetYear,
		Weight: r.Weight, Points: r.Points, Min: r.MinValue, Max: r.MaxValue,
		Reference: r.Reference, Source: r.Source, SourceZh: r.SourceZh, Definition: r.Definition, DefinitionZh: r.DefinitionZh,
		AppliesTo: splitTypes(r.AppliesTo),
	}
}

// sameContent reports whether two rows say the same about an indicator,
// ignoring ids, order and timestamps.
func (r *indicatorRow) sameContent(o *indicatorRow) bool {
	a, b := *r, *o
	a.ID, a.CreatedAt, a.UpdatedAt, a.Position = 0, time.Time{}, time.Time{}, 0
	b.ID, b.CreatedAt, b.UpdatedAt, b.Position = 0, time.Time{}, time.Time{}, 0
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

type zoneRow struct {
	ID        int64
	Code      string
	NameEn    string
	NameZh    string
	ParentID  *int64
	ZoneType  string
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (zoneRow) TableName() string { return "zones" }

type measurementRow struct {
	ID          int64
	ZoneID      int64
	IndicatorID int64
	Period      string
	Year        int
	Value       float64
	Source      string
	Comment     string
	Status      indicators.Status
	EnteredBy   string
	ReviewedBy  string
	Version     int
	// ApprovedValue is the value in force on official scorecards.
	ApprovedValue   *float64
	ApprovedVersion *int
	ReviewComment   string
	AuditEventID    *int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
	// Quality is the value's quality code ('' is administrative),
	// Warnings the JSON of the warnings it was saved with ('' for none)
	// and Explanation its officer's answer to them.
	Quality     string
	Warnings    string
	Explanation string
	// LocatorHash is what an import wrote to this version (locatorHash),
	// '' for a value saved singly.
	LocatorHash string
}

func (measurementRow) TableName() string { return "measurements" }

type revisionRow struct {
	ID            int64
	MeasurementID int64
	Version       int
	Value         float64
	Source        string
	Comment       string
	Status        indicators.Status
	EnteredBy     string
	ReviewedBy    string
	ReviewComment string
	ApprovedValue *float64
	AuditEventID  *int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Quality       string
	Warnings      string
	Explanation   string
	LocatorHash   string
}

func (revisionRow) TableName() string { return "measurement_revisions" }

// splitTypes reads a stored applies_to list (';'-separated zone types).
func splitTypes(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ";")
}
