package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// maxSource is the longest source text a value takes: the domain's limit.
const maxSource = indicators.MaxSourceLen

// entryChange is one field whose number differs from the stored one.
type entryChange struct {
	row     *entryRow
	value   float64
	version int
	// source is the source the value is saved with, quality and
	// explanation its quality code and the explanation of its warnings.
	source      string
	quality     indicators.Quality
	explanation string
}

// entrySave serves POST /zones/{zone}/entry. Every field is checked first;
// if any is wrong, or was changed by someone else meanwhile, the form comes
// back with the problems beside their fields and everything typed kept,
// and nothing is written. Otherwise the changed values are saved as drafts
// and, for action=submit, the form's drafts and rejected values are
// submitted; then the browser is sent back to the form.
func (s *Server) entrySave(c *gin.Context) {
	fw := c.DefaultPostForm("framework", pageFramework(c))
	year, err := indicators.ParseYear(c.DefaultPostForm("year", c.Query("year")))
	if err != nil {
		s.fail(c, indicators.FieldsError("the form is not valid", indicators.FieldsOf(err)))
		return
	}
	f, err := s.entryLoad(c, c.Param("zone"), fw, year)
	var outside *yearOutside
	if errors.As(err, &outside) {
		s.fail(c, outside.fieldError())
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	l := langOf(c)
	changes := entryCheck(c, l, f)
	if f.Closed {
		f.Problem, f.Status = l.T("entry.closed", "Year", year), http.StatusConflict
	}
	if f.Status != http.StatusOK {
		if err := s.entryWarnings(c.Request.Context(), l, f, entryTyped(changes)); err != nil {
			s.fail(c, err)
			return
		}
		s.renderView(c, f.Status, "entry", &View{Nav: "home", Data: f})
		return
	}
	saved, failed, err := s.entryWrite(c, f, changes)
	problem := "entry.partial"
	if err == nil {
		submitted := 0
		if c.PostForm("action") == "submit" {
			submitted, err = s.entrySubmit(c, f)
			problem = "entry.not_submitted"
		}
		if err == nil {
			s.entryDone(c, f, saved, submitted)
			return
		}
	}
	s.entryStopped(c, f, changes, saved, failed, problem, err)
}

// entryStopped answers a save or submission that stopped part-way: the
// form as things stand now, with what was typed, what was saved and why
// the rest was not.
func (s *Server) entryStopped(c *gin.Context, f *entryForm, changes []entryChange, saved int, failed *entryRow, problem string, err error) {
	code := indicators.CodeOf(err)
	if code == indicators.Internal || code == indicators.Forbidden {
		s.fail(c, err)
		return
	}
	if rerr := s.entryValues(c.Request.Context(), f); rerr != nil {
		s.fail(c, rerr)
		return
	}
	l := langOf(c)
	f.Status, f.Problem = statusOf[code], l.T(problem, "Saved", saved)+" "+l.Error(err)
	// Nothing typed was kept when the save stopped: its values are checked
	// as typed, the rest as stored.
	if rerr := s.entryWarnings(c.Request.Context(), l, f, entryTyped(changes)); rerr != nil {
		s.fail(c, rerr)
		return
	}
	if failed != nil {
		failed.Err = l.Error(err)
		switch {
		case code == indicators.Conflict && failed.Cur != nil:
			failed.Err = entryConflict(l, failed.Cur)
		case code == indicators.Invalid:
			entryRefusedField(l, failed, err)
		}
	} else if code == indicators.Invalid {
		entryExplainMissing(l, f, err)
	}
	s.renderView(c, f.Status, "entry", &View{Nav: "home", Data: f})
}

// entryCheck reads every field of the posted form into f, marks each wrong
// one, and returns the changes to write. f.Status becomes 422 when a field
// is invalid and 409 when only concurrent changes stand in the way.
func entryCheck(c *gin.Context, l *Lang, f *entryForm) []entryChange {
	var changes []entryChange
	f.Source = strings.TrimSpace(c.PostForm("source"))
	invalid, conflict := false, false
	if utf8.RuneCountInString(f.Source) > maxSource {
		f.SourceErr, invalid = l.T("entry.err.source", "Max", maxSource), true
	}
	for _, r := range f.list {
		raw, sent := c.GetPostForm("v." + r.Key)
		if !sent {
			continue
		}
		r.Typed = raw
		if v, err := strconv.Atoi(c.PostForm("ver." + r.Key)); err == nil {
			r.Version = v
		} else {
			r.Version = 0
		}
		own, ok := entryRowSource(c, l, r)
		invalid = invalid || !ok
		quality, explanation, ok := entryRowQuality(c, l, r)
		invalid = invalid || !ok
		restated := string(quality) != r.StoredQuality() || explanation != strings.TrimSpace(r.StoredExplanation())
		text := strings.TrimSpace(raw)
		if entryDiffers(text, r.Stored) || own != "" && own != r.StoredSource() || text != "" && restated {
			f.Changed++
		}
		if text == "" {
			if r.Cur != nil {
				r.Err, invalid = l.T("entry.err.clear", "Value", indicators.FormatNumber(r.Cur.Value)), true
			}
			continue
		}
		v, err := indicators.ParseValueOf(text, r.Ind.Unit, r.Ind.UnitZh)
		switch {
		case err != nil:
			r.Err, invalid = numberProblem(l, err), true
			continue
		case !r.Ind.InRange(v):
			r.Err, invalid = entryRange(l, r.Ind), true
			continue
		}
		moved := r.Cur == nil || r.Cur.Value != v
		switch {
		case !moved && (own == "" || own == r.Cur.Source) && !restated:
			continue // unchanged, source, quality and all: left as it is
		case r.Cur != nil && r.Version != r.Cur.Version:
			r.Err, conflict = entryConflict(l, r.Cur), true
			r.Version = r.Cur.Version // saving again replaces it knowingly
			continue
		}
		source := own
		switch {
		case source == "" && moved:
			source = f.Source
		case source == "" && r.Cur != nil:
			source = r.Cur.Source // only its quality or explanation changes
		}
		if r.Cur != nil && moved && source == "" {
			r.SourceErr, invalid = entrySourceStale(l, r.Cur.Source), true
			r.Source, r.SourceAnew = "", true // whatever is typed here next is the new number's
			continue
		}
		changes = append(changes, entryChange{row: r, value: v, version: r.Version, source: source, quality: quality, explanation: explanation})
	}
	switch {
	case invalid:
		f.Status = http.StatusUnprocessableEntity
	case conflict:
		f.Status = http.StatusConflict
	}
	return changes
}

// entryDiffers reports whether a typed field differs from the stored
// value as a number ("85.0" does not differ from "85").
func entryDiffers(typed, stored string) bool {
	if typed == stored {
		return false
	}
	a, errA := indicators.ParseValue(typed)
	b, errB := indicators.ParseValue(stored)
	return errA != nil || errB != nil || a != b
}

// entryRowSource reads a row's own source field into r and returns the
// source it gives the row's value: "" when it gives none — the field was
// not sent, is empty, or still holds the stored value's source, unless
// that source was typed again into a field emptied for a changed number
// (sn.KEY=1, set by the page's script or by an earlier refusal). ok is
// false when the field is too long.
func entryRowSource(c *gin.Context, l *Lang, r *entryRow) (string, bool) {
	raw, sent := c.GetPostForm("s." + r.Key)
	if !sent {
		r.Source = r.StoredSource()
		return "", true
	}
	r.Source = raw
	r.SourceAnew = c.PostForm("sn."+r.Key) == "1"
	own := strings.TrimSpace(raw)
	if utf8.RuneCountInString(own) > maxSource {
		r.SourceErr = l.T("entry.err.source", "Max", maxSource)
		return "", false
	}
	if own == r.StoredSource() && !r.SourceAnew {
		return "", true
	}
	return own, true
}

// entrySourceStale asks for the source of a changed number, naming the
// previous value's so that it is not kept by mistake.
func entrySourceStale(l *Lang, old string) string {
	if old == "" {
		return l.T("entry.err.source_needed")
	}
	return l.T("entry.err.source_stale", "Source", indicators.Excerpt(old))
}

// entryRange says which bounds a value must lie within.
func entryRange(l *Lang, ind indicators.Indicator) string {
	unit := l.Text(ind.Unit, ind.UnitZh)
	switch {
	case ind.Min != nil && ind.Max != nil:
		return l.T("entry.err.range", "Min", indicators.FormatNumber(*ind.Min), "Max", indicators.FormatNumber(*ind.Max), "Unit", unit)
	case ind.Min != nil:
		return l.T("entry.err.min", "Min", indicators.FormatNumber(*ind.Min), "Unit", unit)
	}
	return l.T("entry.err.max", "Max", indicators.FormatNumber(*ind.Max), "Unit", unit)
}

// entryConflict tells what someone else made of a value meanwhile.
func entryConflict(l *Lang, now *indicators.Measurement) string {
	return l.T("entry.err.conflict", "By", now.EnteredBy, "Value", indicators.FormatNumber(now.Value), "Status", l.T("status."+string(now.Status)))
}

// entryWrite saves the changes in one transaction, all or none; it
// returns how many were saved and, on an error, the row that was refused
// (nil when the error concerns no row in particular).
func (s *Server) entryWrite(c *gin.Context, f *entryForm, changes []entryChange) (int, *entryRow, error) {
	batch := make([]indicators.MeasurementChange, len(changes))
	for i, ch := range changes {
		in := indicators.MeasurementInput{FrameworkCode: f.Framework, ZoneCode: f.Zone.Code, IndicatorCode: ch.row.Ind.Code,
			Period: ch.row.Period, Value: ch.value, Source: ch.source, Quality: ch.quality, Explanation: ch.explanation}
		batch[i] = indicators.MeasurementChange{Input: in}
		if cur := ch.row.Cur; cur != nil {
			batch[i].Input.Comment = cur.Comment
			batch[i].ID, batch[i].Version = cur.ID, ch.version
		}
	}
	failed, err := s.svc.SaveMeasurements(c.Request.Context(), batch, principalOf(c))
	if err != nil {
		if failed >= 0 {
			return 0, changes[failed].row, err
		}
		return 0, nil, err
	}
	return len(changes), nil, nil
}

// entrySubmit submits the form's drafts and rejected values, all or none.
func (s *Server) entrySubmit(c *gin.Context, f *entryForm) (int, error) {
	if err := s.entryValues(c.Request.Context(), f); err != nil {
		return 0, err
	}
	var ids []int64
	for _, r := range f.list {
		if r.Cur != nil && (r.Cur.Status == indicators.Draft || r.Cur.Status == indicators.Rejected) {
			ids = append(ids, r.Cur.ID)
		}
	}
	if len(ids) == 0 {
		return 0, nil
	}
	_, err := s.svc.Review(c.Request.Context(), ids, indicators.ActionSubmit, "", principalOf(c))
	return len(ids), err
}

// entryDone sends the browser back to the form, which says what was done.
func (s *Server) entryDone(c *gin.Context, f *entryForm, saved, submitted int) {
	q := url.Values{"framework": {f.Framework}, "year": {f.Period()}, "saved": {strconv.Itoa(saved)}, "submitted": {strconv.Itoa(submitted)}}
	c.Redirect(http.StatusSeeOther, "/zones/"+url.PathEscape(f.Zone.Code)+"/entry?"+q.Encode())
}

// numberProblem says, in the page's language, why a typed number was
// refused and what was understood of it.
func numberProblem(l *Lang, err error) string {
	fe := indicators.FieldError{Code: indicators.NumberCode(err)}
	if fe.Code == "not_a_number" {
		return l.T("entry.err.number")
	}
	if ne, ok := err.(*indicators.NumberError); ok {
		fe.Args = ne.Args
	}
	return l.FieldError(fe)
}
