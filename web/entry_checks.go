package web

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/reports"
)

// The entry form's part of the data-quality checks (SPEC §8): each row has
// a quality code and, once its value draws a warning, an explanation; the
// warnings are shown beside the field before the officer submits.

// maxExplanation is the longest explanation a value takes, as a comment.
const maxExplanation = indicators.MaxCommentLen

// StoredQuality is the quality code of the stored value (administrative
// when none is stored).
func (r *entryRow) StoredQuality() string {
	if r.Cur == nil || r.Cur.Quality == "" {
		return string(indicators.QualityAdministrative)
	}
	return string(r.Cur.Quality)
}

// StoredExplanation is the explanation of the stored value, "" when none.
func (r *entryRow) StoredExplanation() string {
	if r.Cur == nil {
		return ""
	}
	return r.Cur.Explanation
}

// ShowExplain says whether the row offers its explanation field: when its
// value draws a warning, or has an explanation, or one was asked for.
func (r *entryRow) ShowExplain() bool {
	return len(r.Warnings) > 0 || strings.TrimSpace(r.Explanation) != "" || r.ExplErr != ""
}

// Qualities are the quality codes the rows' selects offer.
func (f *entryForm) Qualities() []indicators.Quality { return indicators.Qualities }

// entryRowQuality reads a row's quality select and explanation field into
// r and returns what they give the row's value; a field not sent keeps
// the stored one. ok is false when either is not acceptable (r.QualityErr,
// r.ExplErr say why).
func entryRowQuality(c *gin.Context, l *Lang, r *entryRow) (indicators.Quality, string, bool) {
	ok := true
	r.Quality, r.Explanation = r.StoredQuality(), r.StoredExplanation()
	if raw, sent := c.GetPostForm("q." + r.Key); sent {
		r.Quality = raw
	}
	q, err := indicators.ParseQuality(strings.TrimSpace(r.Quality))
	if err != nil {
		r.QualityErr, r.Quality, ok = l.T("entry.err.quality"), r.StoredQuality(), false
	}
	if raw, sent := c.GetPostForm("x." + r.Key); sent {
		r.Explanation = raw
	}
	x := strings.TrimSpace(r.Explanation)
	if utf8.RuneCountInString(x) > maxExplanation {
		r.ExplErr, ok = l.T("entry.err.explanation", "Max", maxExplanation), false
	}
	return q, x, ok
}

// entryWarnings fills each row's warnings, as sentences in the page's
// language: a typed value of typed is checked as it would be saved, a
// value not yet submitted (draft or rejected) is checked again as things
// stand now, and any other stored value shows the warnings it was saved
// with. The values checked are checked together in one batch, as a save
// checks the form's values: one set of queries for the form, not one per
// row.
func (s *Server) entryWarnings(ctx context.Context, l *Lang, f *entryForm, typed map[*entryRow]float64) error {
	rules, err := s.svc.Rules(ctx, f.Framework)
	if err != nil {
		return err
	}
	var (
		batch []indicators.CheckRow
		of    []*entryRow // the row of each of batch
	)
	for _, r := range f.list {
		r.Warnings = nil
		if r.NotApplicable != "" {
			continue
		}
		v, isTyped := typed[r]
		switch {
		case isTyped:
		case r.Cur != nil && (r.Cur.Status == indicators.Draft || r.Cur.Status == indicators.Rejected):
			v, isTyped = r.Cur.Value, true
		case r.Cur != nil:
			for _, w := range r.Cur.Warnings {
				r.Warnings = append(r.Warnings, reports.WarningText(l, w, rules))
			}
		}
		if isTyped {
			batch = append(batch, indicators.CheckRow{Zone: f.Zone.Code, Indicator: r.Ind.Code, Period: r.Period, Value: v})
			of = append(of, r)
		}
	}
	if len(batch) == 0 {
		return nil
	}
	found, err := s.svc.CheckRows(ctx, f.Framework, batch)
	if err != nil {
		return err
	}
	for i, ws := range found {
		for _, w := range ws {
			of[i].Warnings = append(of[i].Warnings, reports.WarningText(l, w, rules))
		}
	}
	return nil
}

// entryTyped is the values of changes, by row, for entryWarnings.
func entryTyped(changes []entryChange) map[*entryRow]float64 {
	out := make(map[*entryRow]float64, len(changes))
	for _, ch := range changes {
		out[ch.row] = ch.value
	}
	return out
}

// entryRefusedField puts a store's refusal of one field of a row where it
// belongs: beside the explanation, the quality select or the number. It
// reports whether err named such a field.
func entryRefusedField(l *Lang, r *entryRow, err error) bool {
	var e *indicators.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return false
	}
	fe := e.Fields[0]
	switch fe.Field {
	case "explanation":
		r.ExplErr, r.Err = l.FieldError(fe), ""
	case "quality":
		r.QualityErr, r.Err = l.FieldError(fe), ""
	default:
		r.Err = l.FieldError(fe)
	}
	return true
}

// entryExplainMissing marks, after a submission was refused for want of
// explanations, the rows of the values the refusal names: each of its
// explanation_required errors names one value by its measurement id, or
// by its indicator and period.
func entryExplainMissing(l *Lang, f *entryForm, err error) {
	var e *indicators.Error
	if !errors.As(err, &e) {
		return
	}
	for _, fe := range e.Fields {
		if fe.Field != "explanation" {
			continue
		}
		for _, r := range f.list {
			if r.Cur == nil {
				continue
			}
			named := fe.Args["measurement"] == strconv.FormatInt(r.Cur.ID, 10)
			if fe.Args["measurement"] == "" {
				named = fe.Args["indicator"] == r.Ind.Code && fe.Args["period"] == r.Period
			}
			if named {
				r.ExplErr = l.FieldError(fe)
			}
		}
	}
}

// MaxExplanation is the longest explanation the form's fields take.
func (f *entryForm) MaxExplanation() int { return maxExplanation }
