package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// The pages' side of evidence files: the list shown beside a value (on
// the entry form, the review queue, the value history and the
// scorecard) and the entry form's upload of files to a stored value.

func init() {
	funcMap["evidenceList"] = evidenceList
}

// evidenceList is the files attached to a value as a list of download
// links with each file's size and type, or a word saying there are none.
func evidenceList(l *Lang, list []indicators.Evidence) template.HTML {
	if len(list) == 0 {
		return template.HTML(`<p class="evidence evidence-none muted" data-evidence="none">` + template.HTMLEscapeString(l.T("evidence.none")) + `</p>`)
	}
	var b strings.Builder
	b.WriteString(`<div class="evidence"><span class="evidence-label">`)
	b.WriteString(template.HTMLEscapeString(l.T("evidence.heading")))
	b.WriteString(`</span><ul class="evidence-files">`)
	for _, e := range list {
		b.WriteString(`<li data-evidence="`)
		b.WriteString(e.SHA256)
		b.WriteString(`"><a href="/api/v1/evidence/`)
		b.WriteString(e.SHA256)
		b.WriteString(`" download>`)
		b.WriteString(template.HTMLEscapeString(e.Name))
		b.WriteString(`</a> <span class="muted">`)
		b.WriteString(template.HTMLEscapeString(evidenceSize(l, e.Size) + " · " + evidenceKind(l, e.ContentType)))
		b.WriteString(`</span></li>`)
	}
	b.WriteString(`</ul></div>`)
	return template.HTML(b.String())
}

// evidenceSize is a file's size in KB or MB, in the page's numbers.
func evidenceSize(l *Lang, n int64) string {
	switch {
	case n >= 1<<20:
		return l.T("evidence.mb", "N", l.Num(float64(n)/(1<<20), 1))
	case n >= 1<<10:
		return l.T("evidence.kb", "N", l.Num(float64(n)/(1<<10), 0))
	}
	return l.T("evidence.bytes", "N", n)
}

// evidenceKind is the short name of a file's type.
func evidenceKind(l *Lang, ct string) string {
	switch ct {
	case indicators.TypePDF:
		return "PDF"
	case indicators.TypePNG:
		return "PNG"
	case indicators.TypeJPEG:
		return "JPEG"
	case indicators.TypeGIF:
		return "GIF"
	case indicators.TypeWebP:
		return "WebP"
	case indicators.TypeXLSX:
		return "XLSX"
	case indicators.TypeDOCX:
		return "DOCX"
	case indicators.TypeXLS:
		return "XLS"
	case indicators.TypeDOC:
		return "DOC"
	}
	return l.T("evidence.text")
}

// evidenceOfIDs reads the files of values ids (zero ids left out).
func (s *Server) evidenceOfIDs(ctx context.Context, ids []int64) (map[int64][]indicators.Evidence, error) {
	keep := ids[:0:0]
	for _, id := range ids {
		if id != 0 {
			keep = append(keep, id)
		}
	}
	if len(keep) == 0 {
		return map[int64][]indicators.Evidence{}, nil
	}
	return s.svc.EvidenceOf(ctx, keep)
}

// entryEvidence fills the files of the form's stored values.
func (s *Server) entryEvidence(ctx context.Context, f *entryForm) error {
	ids := make([]int64, 0, len(f.list))
	for _, r := range f.list {
		if r.Cur != nil {
			ids = append(ids, r.Cur.ID)
		}
	}
	ev, err := s.evidenceOfIDs(ctx, ids)
	if err != nil {
		return err
	}
	for _, r := range f.list {
		if r.Cur != nil {
			r.Evidence = ev[r.Cur.ID]
		}
	}
	return nil
}

// reviewEvidence fills the files of the queue's values.
func (s *Server) reviewEvidence(ctx context.Context, rows []reviewRow) error {
	ids := make([]int64, len(rows))
	for i := range rows {
		ids[i] = rows[i].M.ID
	}
	ev, err := s.evidenceOfIDs(ctx, ids)
	if err != nil {
		return err
	}
	for i := range rows {
		rows[i].Evidence = ev[rows[i].M.ID]
	}
	return nil
}

// historyEvidence fills the files of each period's value.
func (s *Server) historyEvidence(ctx context.Context, d *historyPageData) error {
	var ids []int64
	for _, p := range d.Periods {
		if len(p.Versions) > 0 {
			ids = append(ids, p.Versions[0].ID)
		}
	}
	ev, err := s.evidenceOfIDs(ctx, ids)
	if err != nil {
		return err
	}
	for i := range d.Periods {
		if vs := d.Periods[i].Versions; len(vs) > 0 {
			d.Periods[i].Evidence = ev[vs[0].ID]
		}
	}
	return nil
}

// scorecardEvidence fills the files of each row's value of the year it
// shows.
func (s *Server) scorecardEvidence(ctx context.Context, d *scorecardPageData) error {
	ev, err := s.svc.EvidenceOfZone(ctx, d.Framework.Code, d.Zone.Code)
	if err != nil || len(ev) == 0 {
		return err
	}
	for gi := range d.Groups {
		for ri := range d.Groups[gi].Rows {
			r := &d.Groups[gi].Rows[ri]
			if r.C != nil && r.C.Year != nil {
				r.Evidence = ev[r.Code][*r.C.Year]
			}
		}
	}
	return nil
}

// entryEvidenceAttach serves POST /zones/{zone}/entry/evidence: the
// entry form's upload of files to one stored value. The form's fields
// come in this order — csrf_token, framework, year, id, then the files —
// so that the token is read first and the files are streamed, each to a
// capped temporary file. On success the browser goes back to the form's
// row; a refusal is the error page, with nothing stored.
func (s *Server) entryEvidenceAttach(c *gin.Context) {
	zone := c.Param("zone")
	if err := scope(c, zone); err != nil {
		s.fail(c, err)
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.maxEvidenceBody())
	mr, err := c.Request.MultipartReader()
	if err != nil {
		s.fail(c, bad("the form cannot be read"))
		return
	}
	fields := url.Values{}
	var sp spooledFiles
	defer func() { sp.remove() }()
	if refused, err := s.evidenceParts(mr, &sp, fields, "framework", "year", "id", "key"); err != nil {
		if refused {
			s.evidencePageError(c, err)
		} else {
			s.fail(c, err)
		}
		return
	}
	id, err := strconv.ParseInt(fields.Get("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(c, bad("the form names no value to attach the files to"))
		return
	}
	if len(sp) == 0 {
		s.evidencePageError(c, indicators.FieldsError("no file was chosen", []indicators.FieldError{{Field: "evidence", Code: "evidence_none", Message: "choose one or more files to attach"}}))
		return
	}
	m, err := s.svc.Measurement(c.Request.Context(), id)
	if err == nil && m.ZoneCode != zone {
		err = indicators.Errorf(indicators.NotFound, "measurement %d is not a value of zone %q", id, zone)
	}
	if err == nil {
		_, err = s.svc.AttachEvidence(c.Request.Context(), id, sp.files(), principalOf(c))
	}
	if err != nil {
		s.evidencePageError(c, err)
		return
	}
	q := url.Values{}
	if fw := fields.Get("framework"); fw != "" {
		q.Set("framework", fw)
	}
	if y, err := indicators.ParseYear(fields.Get("year")); err == nil {
		q.Set("year", strconv.Itoa(y))
	}
	target := "/zones/" + url.PathEscape(zone) + "/entry?" + q.Encode()
	if key := fields.Get("key"); key != "" && indicators.CheckText(key) == nil {
		target += "#v-" + url.PathEscape(key)
	}
	c.Redirect(http.StatusSeeOther, target)
}

// evidencePageError answers a refused upload with the error page, saying
// why in the reader's language when the refusal names its file (too
// large, not a type taken, none chosen).
func (s *Server) evidencePageError(c *gin.Context, err error) {
	e := appError(err)
	if e == nil || len(e.Fields) == 0 || !strings.HasPrefix(e.Fields[0].Code, "evidence_") {
		s.fail(c, err)
		return
	}
	l := langOf(c)
	c.Abort()
	s.renderView(c, statusOf[e.Code], "error", &View{Data: map[string]any{
		"Status": statusOf[e.Code], "Code": string(e.Code), "Message": l.FieldError(e.Fields[0]), "Detail": "", "What": ""}})
}

// appErrorOr is err as an application error, or fallback.
func appErrorOr(err error, fallback error) error {
	if appError(err) != nil {
		return err
	}
	return fallback
}
