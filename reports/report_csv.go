package reports

import (
	"io"
	"strconv"

	"igmc/indicators"
	"igmc/scoring"
)

// ProgressCSVColumns are the columns of the progress report as CSV. Each
// row carries the report's framework, zone, years, basis and method
// version so that it stands on its own; level says what the row is:
// index, points or coverage (the whole zone), perspective, indicator, or
// unapproved (one value of the year not yet approved, with its period and
// status).
var ProgressCSVColumns = []string{"framework", "zone", "year", "previous_year", "basis", "method_version", "level", "code",
	"perspective_code", "name_en", "name_zh", "unit", "previous", "current", "change", "relative_change", "movement",
	"rating_previous", "rating", "trend", "plan_status", "off_track", "behind_plan", "reported", "period", "status"}

// WriteProgressCSV writes the progress report as CSV.
func WriteProgressCSV(w io.Writer, r *scoring.ProgressReport) error {
	cw := indicators.NewCSVWriter(w)
	if err := cw.Write(ProgressCSVColumns); err != nil {
		return err
	}
	head := []string{r.Framework, r.Zone, strconv.Itoa(r.Year), strconv.Itoa(r.PreviousYear), string(r.Basis), r.MethodVersion}
	row := func(cells ...string) error {
		rec := append(append(make([]string, 0, len(ProgressCSVColumns)), head...), cells...)
		for len(rec) < len(ProgressCSVColumns) {
			rec = append(rec, "")
		}
		return cw.Write(rec)
	}
	for _, z := range []struct {
		level string
		c     scoring.Change
	}{{"index", r.Index}, {"points", r.Points}, {"coverage", r.Coverage}} {
		if err := row(z.level, "", "", "", "", "", num(z.c.Previous), num(z.c.Current), num(z.c.Change)); err != nil {
			return err
		}
	}
	for _, p := range r.Perspectives {
		if err := row("perspective", p.Code, p.Code, p.NameEn, p.NameZh, "", num(p.Score.Previous), num(p.Score.Current), num(p.Score.Change),
			"", string(p.Movement), string(p.PreviousRating), string(p.Rating), trend(p.Trend)); err != nil {
			return err
		}
	}
	for _, ip := range r.Indicators {
		if err := row("indicator", ip.IndicatorCode, ip.PerspectiveCode, ip.NameEn, ip.NameZh, ip.Unit, num(ip.Value.Previous),
			num(ip.Value.Current), num(ip.Value.Change), num(ip.RelativeChange), string(ip.Movement), rating(ip.PreviousRating),
			rating(ip.Rating), trend(ip.Trend), plan(ip.PlanStatus), strconv.FormatBool(ip.OffTrack), strconv.FormatBool(ip.BehindPlan),
			strconv.FormatBool(ip.Reported)); err != nil {
			return err
		}
	}
	for _, m := range r.Unapproved.Values {
		if err := row("unapproved", m.IndicatorCode, "", "", "", "", "", fmtNum(m.Value), "", "", "", "", "", "", "", "", "", "",
			m.Period, string(m.Status)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
