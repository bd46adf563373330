package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/storage"
)

var ctx = context.Background()

// addZones imports zones given as "code,name_en,name_zh,parent_code" lines.
func addZones(t *testing.T, s *storage.Store, lines ...string) {
	t.Helper()
	zs, err := indicators.ReadZones(indicators.NewCSVRows(strings.NewReader("code,name_en,name_zh,parent_code\n" + strings.Join(lines, "\n") + "\n")))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportZones(ctx, zs, indicators.System); err != nil {
		t.Fatal(err)
	}
}

func importCSV(s *storage.Store, csv string, opts indicators.ImportOptions) (indicators.ImportResult, error) {
	if opts.Framework == "" {
		opts.Framework = "igmc"
	}
	return s.ImportMeasurements(ctx, indicators.NewCSVRows(strings.NewReader(csv)), opts)
}

func domainErr(t *testing.T, err error, code indicators.ErrorCode) *indicators.Error {
	t.Helper()
	var e *indicators.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("want a %s error, got %v", code, err)
	}
	return e
}

func count(t *testing.T, s *storage.Store, f indicators.MeasurementFilter) int64 {
	t.Helper()
	p, err := s.ListMeasurements(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	return p.Total
}

// as is an administrator with the given email, as the tests' actor.
func as(email string) *indicators.Principal {
	return &indicators.Principal{Email: email, Role: indicators.RoleAdmin}
}
