package storage_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"

	"igmc/indicators"
	"igmc/reports"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// TestHistoryExportCarriesReviewComments walks one value through a
// rejection and an approval and wants each version of the history export
// to carry the comment of the review that gave it its status, and no
// other version to carry one.
func TestHistoryExportCarriesReviewComments(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		addZones(t, s, "LY,Liuyang ETDZ,,")
		officer := person("officer@ly", indicators.RoleOfficer, "LY")
		reviewer := person("reviewer@ly", indicators.RoleReviewer, "LY")
		in := indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: "SPC-01", Period: "2019", Value: 80}
		m, err := s.CreateMeasurement(ctx, in, officer)
		if err != nil {
			t.Fatal(err)
		}
		step := func(action indicators.ReviewAction, comment string, by *indicators.Principal) {
			t.Helper()
			if _, err := s.Review(ctx, []int64{m.ID}, action, comment, by); err != nil {
				t.Fatal(err)
			}
		}
		step(indicators.ActionSubmit, "", officer)
		step(indicators.ActionReject, "Too high, 比上年高 40%", reviewer)
		cur, err := s.Measurement(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		in.Value = 60
		if _, err := s.UpdateMeasurement(ctx, m.ID, in, cur.Version, officer); err != nil {
			t.Fatal(err)
		}
		step(indicators.ActionSubmit, "", officer)
		step(indicators.ActionApprove, "checked against the 2019 yearbook", reviewer)

		var buf bytes.Buffer
		ew, err := reports.NewExportWriter(&buf, true)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ExportMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc"}, true, ew.Write); err != nil {
			t.Fatal(err)
		}
		if err := ew.Flush(); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := slices.Index(recs[0], "review_comment")
		st := slices.Index(recs[0], "status")
		if col < 0 || st < 0 {
			t.Fatalf("header %v has no review_comment or status column", recs[0])
		}
		type version struct{ status, comment string }
		var got []version
		for _, r := range recs[1:] {
			got = append(got, version{r[st], r[col]})
		}
		want := []version{{"draft", ""}, {"submitted", ""}, {"rejected", "Too high, 比上年高 40%"}, {"draft", ""}, {"submitted", ""},
			{"approved", "checked against the 2019 yearbook"}}
		if !slices.Equal(got, want) {
			t.Errorf("versions (status, review comment):\n got %v\nwant %v", got, want)
		}
	})
}
