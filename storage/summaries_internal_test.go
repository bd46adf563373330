package storage

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"gorm.io/gorm"

	"igmc/indicators"
	"igmc/scoring"
)

// RankingRecomputed exposes rankingRecomputed to the package's outside
// tests: the ranking computed from the values alone.
func RankingRecomputed(s *Store, ctx context.Context, framework string, year int, basis scoring.Basis) ([]scoring.RankRow, error) {
	return s.rankingRecomputed(ctx, framework, year, basis)
}

// SummaryRows counts the kept summaries of a framework's year and basis.
func SummaryRows(s *Store, ctx context.Context, framework string, year int, basis scoring.Basis) (int64, error) {
	var n int64
	err := s.rdb.WithContext(ctx).Raw(`SELECT COUNT(*) FROM scorecard_summaries m JOIN frameworks f ON f.id = m.framework_id
		WHERE f.code = ? AND m.year = ? AND m.basis = ?`, framework, year, string(basis)).Scan(&n).Error
	return n, err
}

// TestStaleReaderKeepsNothingInvalidated: a reader that read the
// invalidation counter, then the values, and keeps its summaries only
// after a write invalidated some zones leaves those zones out (their
// summaries would predate the write) and keeps the others; after a
// catalogue change it keeps nothing. The ranking then still equals a
// fresh computation.
func TestStaleReaderKeepsNothingInvalidated(t *testing.T) {
	ctx := context.Background()
	eachDemoStore(t, func(t *testing.T, s *Store) {
		const year = 2019
		basis := scoring.BasisWorking
		read := func() (*frameworkEntry, summaryGens, []summaryRow) {
			t.Helper()
			var (
				fe   *frameworkEntry
				g0   summaryGens
				rows []summaryRow
			)
			err := s.rdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
				var err error
				if fe, err = s.scoringFramework(tx, "igmc"); err != nil {
					return err
				}
				if g0, err = readSummaryGens(tx, fe.id, false); err != nil {
					return err
				}
				var zones []zoneRow
				if err := tx.Order("code").Find(&zones).Error; err != nil {
					return err
				}
				cards, err := s.computeCards(tx, fe, zones, true, year, basis)
				if err != nil {
					return err
				}
				for i, c := range cards {
					r, err := summaryOf(zones[i].ID, c)
					if err != nil {
						return err
					}
					rows = append(rows, r)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			return fe, g0, rows
		}
		keptZones := func() []string {
			t.Helper()
			var codes []string
			if err := s.rdb.Raw(`SELECT z.code FROM scorecard_summaries m JOIN zones z ON z.id = m.zone_id
					WHERE m.year = ? AND m.basis = ? ORDER BY z.code`, year, string(basis)).Scan(&codes).Error; err != nil {
				t.Fatal(err)
			}
			return codes
		}
		fe, g0, rows := read()
		p, err := s.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY", Year: year, Limit: 1})
		if err != nil || len(p.Items) != 1 {
			t.Fatalf("a value of LY: %v", err)
		}
		m := p.Items[0]
		if _, err := s.UpdateMeasurement(ctx, m.ID, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: m.IndicatorCode,
			Period: m.Period, Value: m.Value / 2, Source: "late"}, m.Version, as("e@example.org")); err != nil {
			t.Fatal(err)
		}
		if err := s.keepSummaries(ctx, fe.id, year, basis, g0, rows); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(keptZones(), " "); got != "LY-BIO LY-EIT LY-FOOD" {
			t.Fatalf("kept after a write of LY: %q", got)
		}
		got, err := s.Ranking(ctx, "igmc", year, basis)
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.rankingRecomputed(ctx, "igmc", year, basis)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("ranking %+v, recomputed %+v", got, want)
		}

		// A catalogue change invalidates every zone.
		fe, g0, rows = read()
		cat, err := s.Catalogue(ctx, "igmc")
		if err != nil {
			t.Fatal(err)
		}
		f, err := s.Framework(ctx, "igmc")
		if err != nil {
			t.Fatal(err)
		}
		cat.Perspectives[0].Weight += 2
		if _, err := s.ImportCatalogue(ctx, f, cat, indicators.System); err != nil {
			t.Fatal(err)
		}
		if err := s.keepSummaries(ctx, fe.id, year, basis, g0, rows); err != nil {
			t.Fatal(err)
		}
		if got := keptZones(); len(got) != 0 {
			t.Fatalf("kept after a catalogue change: %q", got)
		}
	})
}

func as(email string) *indicators.Principal {
	return &indicators.Principal{Email: email, Role: indicators.RoleAdmin}
}

// TestScorecardSummariesOldRowsReplaced: a summary kept before summaries
// kept the points' maximum (migration 0020) has none; a ranking treats
// it as missing, computes it again and replaces it, so that the ranking
// and the public lists never show a maximum of 0.
func TestScorecardSummariesOldRowsReplaced(t *testing.T) {
	ctx := context.Background()
	eachDemoStore(t, func(t *testing.T, s *Store) {
		const year = 2019
		basis := scoring.BasisWorking
		want, err := s.rankingRecomputed(ctx, "igmc", year, basis)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range want {
			if r.PointsMax <= 0 {
				t.Fatalf("zone %s: points out of %v", r.Zone, r.PointsMax)
			}
		}
		if _, err := s.Ranking(ctx, "igmc", year, basis); err != nil {
			t.Fatal(err)
		}
		// As a row kept before migration 0020 reads.
		res := s.db.Exec("UPDATE scorecard_summaries SET points_max = NULL WHERE year = ? AND basis = ?", year, string(basis))
		if res.Error != nil || res.RowsAffected != int64(len(want)) {
			t.Fatalf("made %d rows old, want %d: %v", res.RowsAffected, len(want), res.Error)
		}
		s.DropCache()
		got, err := s.Ranking(ctx, "igmc", year, basis)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("ranking from old rows %+v, recomputed %+v", got, want)
		}
		var old int64
		if err := s.db.Raw("SELECT COUNT(*) FROM scorecard_summaries WHERE points_max IS NULL").Scan(&old).Error; err != nil {
			t.Fatal(err)
		}
		n, err := SummaryRows(s, ctx, "igmc", year, basis)
		if err != nil || old != 0 || n != int64(len(want)) {
			t.Fatalf("after the ranking: %d old rows, %d rows, want 0 and %d (%v)", old, n, len(want), err)
		}
	})
}

// eachDemoStore runs fn on a store of each engine with the demo loaded.
func eachDemoStore(t *testing.T, fn func(t *testing.T, s *Store)) {
	for _, s := range internalStores(t, "") {
		t.Run(string(s.engine), func(t *testing.T) {
			if _, _, err := s.LoadDemo(context.Background(), indicators.System); err != nil {
				t.Fatal(err)
			}
			fn(t, s)
		})
	}
}
