package reports

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"igmc/locale"
	"igmc/scoring"
)

// WriteProgressXLSX writes the progress report as an Excel workbook: a
// Summary sheet, then Perspectives, Indicators and Unapproved sheets. The
// column names are the JSON field names; figures are number cells and a
// missing figure is an empty cell, never a zero.
func WriteProgressXLSX(w io.Writer, r *scoring.ProgressReport) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	x := &xlsxWriter{f: f}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("reports: progress xlsx: %w", err)
	}
	x.bold = bold
	if err := f.SetSheetName(f.GetSheetName(0), summarySheet); err != nil {
		return fmt.Errorf("reports: progress xlsx: %w", err)
	}
	for _, name := range []string{"Perspectives", "Indicators", "Unapproved"} {
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("reports: progress xlsx: sheet %s: %w", name, err)
		}
	}
	progressSummary(x, r)

	x.header("Perspectives", []string{"perspective", "name_en", "name_zh", "score_previous", "score", "score_change",
		"rating_previous", "rating", "movement", "trend", "coverage"})
	for i, p := range r.Perspectives {
		x.row("Perspectives", i+2, p.Code, p.NameEn, p.NameZh, numCell(p.Score.Previous), numCell(p.Score.Current), numCell(p.Score.Change),
			string(p.PreviousRating), string(p.Rating), string(p.Movement), trend(p.Trend), p.Coverage)
	}

	x.header("Indicators", []string{"indicator_code", "perspective_code", "name_en", "name_zh", "unit", "higher_is_better",
		"value_previous", "value_previous_year", "value", "value_year", "change", "relative_change", "movement",
		"score_previous", "score", "rating_previous", "rating", "trend", "plan_status", "off_track", "behind_plan", "reported"})
	for i, ip := range r.Indicators {
		x.row("Indicators", i+2, ip.IndicatorCode, ip.PerspectiveCode, ip.NameEn, ip.NameZh, ip.Unit, ip.HigherIsBetter,
			numCell(ip.Value.Previous), intCell(ip.PreviousValueYear), numCell(ip.Value.Current), intCell(ip.ValueYear),
			numCell(ip.Value.Change), numCell(ip.RelativeChange), string(ip.Movement), numCell(ip.Score.Previous), numCell(ip.Score.Current),
			rating(ip.PreviousRating), rating(ip.Rating), trend(ip.Trend), plan(ip.PlanStatus), ip.OffTrack, ip.BehindPlan, ip.Reported)
	}

	x.header("Unapproved", []string{"id", "indicator_code", "period", "value", "status", "source", "comment", "entered_by",
		"review_comment", "version", "updated_at"})
	for i, m := range r.Unapproved.Values {
		x.row("Unapproved", i+2, m.ID, m.IndicatorCode, m.Period, m.Value, string(m.Status), m.Source, m.Comment, m.EnteredBy,
			m.ReviewComment, m.Version, locale.Stamp(m.UpdatedAt))
	}
	if x.err != nil {
		return fmt.Errorf("reports: progress xlsx: %w", x.err)
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

func progressSummary(x *xlsxWriter, r *scoring.ProgressReport) {
	lines := [][2]any{
		{"framework", r.Framework},
		{"zone", r.Zone},
		{"year", r.Year},
		{"previous_year", r.PreviousYear},
		{"basis", basisLabel(r.Basis)},
		{"method_version", r.MethodVersion},
		{"index", numCell(r.Index.Current)},
		{"index_previous", numCell(r.Index.Previous)},
		{"index_change", numCell(r.Index.Change)},
		{"points", numCell(r.Points.Current)},
		{"points_previous", numCell(r.Points.Previous)},
		{"points_change", numCell(r.Points.Change)},
		{"grade", strCell(r.Grade)},
		{"grade_previous", strCell(r.PreviousGrade)},
		{"coverage", numCell(r.Coverage.Current)},
		{"coverage_previous", numCell(r.Coverage.Previous)},
		{"indicators", r.Completeness.Indicators},
		{"reported", r.Completeness.Reported},
		{"missing", len(r.Completeness.Missing)},
		{"off_track", len(r.OffTrack)},
		{"behind_plan", len(r.BehindPlan)},
		{"unapproved", r.Unapproved.Total},
		{"unapproved_draft", r.Unapproved.Draft},
		{"unapproved_submitted", r.Unapproved.Submitted},
		{"unapproved_rejected", r.Unapproved.Rejected},
	}
	for i, l := range lines {
		x.row(summarySheet, i+1, l[0], l[1])
		x.style(summarySheet, i+1, 1)
	}
}

// basisLabel is the basis with what it means, for files read without
// the pages at hand.
func basisLabel(b scoring.Basis) string {
	if b == scoring.BasisWorking {
		return string(b) + " (working view: latest values whatever their status)"
	}
	return string(b) + " (approved values only)"
}

func strCell(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}
