package reports

import (
	"io"
	"strconv"

	"igmc/indicators"
	"igmc/locale"
	"igmc/scoring"
)

// ProgressCSVColumns are the columns of the progress report as CSV. Each
// row carries the report's framework, zone, years, basis and method
// version so that it stands on its own; level says what the row is:
// index, points or coverage (the whole zone), perspective, indicator, or
// unapproved (one value of the year not yet approved, with its period and
// status). The columns after status repeat the figures rounded to one
// decimal as the pages show them (the relative change as a percentage)
// and the codes in words.
var ProgressCSVColumns = []string{"framework", "zone", "year", "previous_year", "basis", "method_version", "level", "code",
	"perspective_code", "name_en", "name_zh", "unit", "previous", "current", "change", "relative_change", "movement",
	"rating_previous", "rating", "trend", "plan_status", "off_track", "behind_plan", "reported", "period", "status",
	"previous_rounded", "current_rounded", "change_rounded", "relative_change_pct", "movement_text", "rating_previous_text",
	"rating_text", "trend_text", "plan_text", "status_text"}

// WriteProgressCSV writes the progress report as CSV, its words in
// English, without a byte order mark.
func WriteProgressCSV(w io.Writer, r *scoring.ProgressReport) error {
	return WriteProgressCSVWith(w, r, CSVOptions{})
}

// WriteProgressCSVWith writes the progress report as CSV as o says.
func WriteProgressCSVWith(w io.Writer, r *scoring.ProgressReport, o CSVOptions) error {
	if err := o.start(w); err != nil {
		return err
	}
	l := o.lang()
	cw := indicators.NewCSVWriter(w)
	if err := cw.Write(ProgressCSVColumns); err != nil {
		return err
	}
	head := []string{r.Framework, r.Zone, strconv.Itoa(r.Year), strconv.Itoa(r.PreviousYear), string(r.Basis), r.MethodVersion}
	// row writes the exact cells, padded to status, then the people's.
	people := len(ProgressCSVColumns) - 10
	row := func(exact []string, words ...string) error {
		rec := append(append(make([]string, 0, len(ProgressCSVColumns)), head...), exact...)
		for len(rec) < people {
			rec = append(rec, "")
		}
		rec = append(rec, words...)
		for len(rec) < len(ProgressCSVColumns) {
			rec = append(rec, "")
		}
		return cw.Write(rec)
	}
	change := func(c scoring.Change, value bool) []string {
		if value {
			return []string{roundedValue(c.Previous), roundedValue(c.Current), roundedValue(c.Change)}
		}
		return []string{rounded(c.Previous), rounded(c.Current), rounded(c.Change)}
	}
	ratingWords := func(r *scoring.Rating) string {
		if r == nil {
			return ""
		}
		return RatingText(l, *r)
	}
	for _, z := range []struct {
		level string
		c     scoring.Change
	}{{"index", r.Index}, {"points", r.Points}, {"coverage", r.Coverage}} {
		rc := change(z.c, false)
		if z.level == "coverage" {
			rc = []string{roundedPct(z.c.Previous), roundedPct(z.c.Current), roundedPct(z.c.Change)}
		}
		if err := row([]string{z.level, "", "", "", "", "", num(z.c.Previous), num(z.c.Current), num(z.c.Change)}, rc...); err != nil {
			return err
		}
	}
	for _, p := range r.Perspectives {
		prev, cur := p.PreviousRating, p.Rating
		if err := row([]string{"perspective", p.Code, p.Code, p.NameEn, p.NameZh, "", num(p.Score.Previous), num(p.Score.Current), num(p.Score.Change),
			"", string(p.Movement), string(p.PreviousRating), string(p.Rating), trend(p.Trend)},
			append(change(p.Score, false), "", movementWords(l, p.Movement), ratingWords(&prev), ratingWords(&cur), trendWords(l, p.Trend))...); err != nil {
			return err
		}
	}
	for _, ip := range r.Indicators {
		if err := row([]string{"indicator", ip.IndicatorCode, ip.PerspectiveCode, ip.NameEn, ip.NameZh, ip.Unit, num(ip.Value.Previous),
			num(ip.Value.Current), num(ip.Value.Change), num(ip.RelativeChange), string(ip.Movement), rating(ip.PreviousRating),
			rating(ip.Rating), trend(ip.Trend), plan(ip.PlanStatus), strconv.FormatBool(ip.OffTrack), strconv.FormatBool(ip.BehindPlan),
			strconv.FormatBool(ip.Reported)},
			append(change(ip.Value, true), roundedPct(ip.RelativeChange), movementWords(l, ip.Movement),
				ratingWords(ip.PreviousRating), ratingWords(ip.Rating), trendWords(l, ip.Trend), planWords(l, ip.PlanStatus))...); err != nil {
			return err
		}
	}
	for _, m := range r.Unapproved.Values {
		v := m.Value
		if err := row([]string{"unapproved", m.IndicatorCode, "", "", "", "", "", fmtNum(m.Value), "", "", "", "", "", "", "", "", "", "",
			m.Period, string(m.Status)}, "", roundedValue(&v), "", "", "", "", "", "", "", l.T("status."+string(m.Status))); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// movementWords is a movement in words, "" for none.
func movementWords(l *locale.Lang, m scoring.Movement) string {
	if m == "" {
		return ""
	}
	return l.T("report.movement." + string(m))
}
