package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"igmc/indicators"
	"igmc/scoring"
)

// A value keeps its quality code, the data-quality warnings of its last
// save and its officer's explanation of them (SPEC §8). Every save of a
// single value runs the checks first (checkForSave): a failed rule of
// severity error refuses it, any other warning is stored with the value,
// and a value with warnings is submitted only with an explanation.

// measurementScan is a row of measurementSelect: the value with its
// warnings still as stored JSON.
type measurementScan struct {
	ID                                     int64
	FrameworkCode, ZoneCode, IndicatorCode string
	Period                                 string
	Value                                  float64
	Source, Comment                        string
	Status                                 indicators.Status
	EnteredBy, ReviewedBy, ReviewComment   string
	ApprovedValue                          *float64
	Version                                int
	CreatedAt, UpdatedAt                   time.Time
	Quality, WarningsJSON, Explanation     string
}

func (r *measurementScan) measurement() indicators.Measurement {
	q, _ := indicators.ParseQuality(r.Quality) // the column holds a code or ''
	if q == "" {
		q = indicators.QualityAdministrative
	}
	return indicators.Measurement{ID: r.ID, FrameworkCode: r.FrameworkCode, ZoneCode: r.ZoneCode, IndicatorCode: r.IndicatorCode,
		Period: r.Period, Value: r.Value, Source: r.Source, Comment: r.Comment, Status: r.Status, EnteredBy: r.EnteredBy,
		ReviewedBy: r.ReviewedBy, ReviewComment: r.ReviewComment, ApprovedValue: r.ApprovedValue, Version: r.Version,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Quality: q, Warnings: decodeWarnings(r.WarningsJSON), Explanation: r.Explanation}
}

func measurementsOf(rows []measurementScan) []indicators.Measurement {
	out := make([]indicators.Measurement, len(rows))
	for i := range rows {
		out[i] = rows[i].measurement()
	}
	return out
}

// encodeWarnings is the stored form of a value's warnings: ” for none.
func encodeWarnings(ws []indicators.Warning) string {
	if len(ws) == 0 {
		return ""
	}
	b, err := json.Marshal(ws)
	if err != nil {
		return "" // a Warning is plain data: it always encodes
	}
	return string(b)
}

// decodeWarnings reads stored warnings; ” (or anything unreadable, never
// written by the store) is none.
func decodeWarnings(s string) []indicators.Warning {
	if s == "" {
		return nil
	}
	var ws []indicators.Warning
	if json.Unmarshal([]byte(s), &ws) != nil {
		return nil
	}
	return ws
}

// storedQuality is the column's form of a quality code: ” for
// administrative, the default, as an import that gives none writes it.
func storedQuality(q indicators.Quality) string {
	if q == indicators.QualityAdministrative {
		return ""
	}
	return string(q)
}

// checkInput checks a value's quality code and explanation and sets the
// code to its canonical form.
func checkInput(in *indicators.MeasurementInput) error {
	var errs indicators.FieldErrors
	q, err := indicators.ParseQuality(string(in.Quality))
	if err != nil {
		errs.AddWith(0, "quality", "invalid", map[string]string{"value": indicators.Excerpt(string(in.Quality)),
			"expected": "official, administrative, survey, estimate, modelled"}, "%v", err)
	}
	in.Quality = q
	errs.Text(0, "explanation", in.Explanation, indicators.MaxCommentLen)
	return errs.Err("the measurement is not valid")
}

// savedChecks are the warnings a save found, per change.
type savedChecks [][]indicators.Warning

// checkForSave runs the checks on the values about to be saved, together
// (a form's 2019 and 2020 are compared with each other), before the write
// transaction. A value that cannot be checked — an unknown zone or
// indicator, a bad period — gets no warnings: the write refuses it with
// the proper field error. A failed error rule refuses the save, naming the
// change (its index) that failed.
func (s *Store) checkForSave(ctx context.Context, framework string, rows []CheckRow) (savedChecks, int, error) {
	out := make(savedChecks, len(rows))
	if len(rows) == 0 {
		return out, -1, nil
	}
	ch, err := s.NewChecker(ctx, framework)
	if err != nil {
		if uncheckable(err) {
			return out, -1, nil
		}
		return nil, -1, err
	}
	defer ch.Close()
	ws, err := ch.CheckRows(ctx, rows)
	if err != nil {
		if !uncheckable(err) {
			return nil, -1, err
		}
		// Check each value alone, leaving out those that cannot be.
		for i, r := range rows {
			one, err := ch.CheckRows(ctx, []CheckRow{r})
			switch {
			case err == nil:
				out[i] = one[0]
			case !uncheckable(err):
				return nil, -1, err
			}
		}
	} else {
		copy(out, ws)
	}
	for i, w := range out {
		if err := ruleRefusal(w, ch.rules); err != nil {
			return nil, i, err
		}
	}
	return out, -1, nil
}

func uncheckable(err error) bool {
	c := indicators.CodeOf(err)
	return c == indicators.Invalid || c == indicators.NotFound
}

// ruleRefusal is the error of the first failed rule of severity error
// among ws, nil when there is none. Its Args carry the rule's code and its
// message in both languages (message_en, message_zh; message is the
// English one), from rules, the framework's.
func ruleRefusal(ws []indicators.Warning, rules []indicators.Rule) error {
	for _, w := range ws {
		if w.Check != scoring.CheckRule || w.Severity != indicators.SeverityError || w.State != indicators.RuleFails {
			continue
		}
		var en, zh string
		for _, r := range rules {
			if r.Code == w.Rule {
				en, zh = r.MessageEn, r.MessageZh
			}
		}
		msg := "the value breaks the validation rule " + quote(w.Rule)
		if en != "" {
			msg += ": " + en
		}
		return indicators.FieldsError("the value breaks a validation rule", []indicators.FieldError{{Field: "value", Code: "rule_error",
			Message: msg, Args: map[string]string{"rule": w.Rule, "message": en, "message_en": en, "message_zh": zh}}})
	}
	return nil
}

// explanationRequired refuses to submit a value with warnings and no
// explanation: a field error (nil when there is nothing to refuse) whose
// Args name the value — measurement (its id), zone, indicator and period —
// so that a form of many values can mark the one refused, and warnings
// names the checks.
func explanationRequired(tx *gorm.DB, row *measurementRow, ws []indicators.Warning) (*indicators.FieldError, error) {
	if len(ws) == 0 || strings.TrimSpace(row.Explanation) != "" {
		return nil, nil
	}
	var names []string
	seen := map[string]bool{}
	for _, w := range ws {
		n := w.Check
		if w.Rule != "" {
			n += " " + w.Rule
		}
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	var codes struct{ Zone, Indicator string }
	if err := tx.Raw("SELECT z.code AS zone, i.code AS indicator FROM zones z, indicators i WHERE z.id = ? AND i.id = ?", row.ZoneID, row.IndicatorID).
		Scan(&codes).Error; err != nil {
		return nil, translate(err, "measurement")
	}
	list := strings.Join(names, ", ")
	return &indicators.FieldError{Field: "explanation", Code: "explanation_required",
		Message: fmt.Sprintf("measurement %d (%s %s %s) has warnings (%s): give an explanation to submit it", row.ID, codes.Zone, codes.Indicator, row.Period, list),
		Args: map[string]string{"warnings": list, "measurement": strconv.FormatInt(row.ID, 10), "zone": codes.Zone, "indicator": codes.Indicator,
			"period": row.Period}}, nil
}

// checkChanges runs checkForSave on a form's changes: a new value by its
// input, a changed one by the zone, indicator and period it has. The
// changes may name several frameworks; each is checked with its own.
func (s *Store) checkChanges(ctx context.Context, changes []indicators.MeasurementChange) (savedChecks, int, error) {
	out := make(savedChecks, len(changes))
	byFramework := map[string][]int{}
	rows := make([]CheckRow, len(changes))
	var order []string
	for i, ch := range changes {
		fw, r := ch.Input.FrameworkCode, CheckRow{Zone: strings.TrimSpace(ch.Input.ZoneCode), Indicator: ch.Input.IndicatorCode, Period: ch.Input.Period, Value: ch.Input.Value}
		if ch.ID != 0 {
			m, err := getMeasurement(s.rdb.WithContext(ctx), ch.ID)
			if err != nil {
				continue // the write says what is wrong
			}
			fw, r = m.FrameworkCode, CheckRow{Zone: m.ZoneCode, Indicator: m.IndicatorCode, Period: m.Period, Value: ch.Input.Value}
		}
		rows[i] = r
		if _, ok := byFramework[fw]; !ok {
			order = append(order, fw)
		}
		byFramework[fw] = append(byFramework[fw], i)
	}
	for _, fw := range order {
		idx := byFramework[fw]
		batch := make([]CheckRow, len(idx))
		for k, i := range idx {
			batch[k] = rows[i]
		}
		ws, bad, err := s.checkForSave(ctx, fw, batch)
		if err != nil {
			if bad >= 0 {
				bad = idx[bad]
			}
			return nil, bad, err
		}
		for k, i := range idx {
			out[i] = ws[k]
		}
	}
	return out, -1, nil
}
