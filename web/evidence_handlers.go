package web

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/indicators/xlsxrows"
)

// evidenceStore is what the evidence routes need of the store.
type evidenceStore interface {
	AttachEvidence(ctx context.Context, id int64, files []indicators.EvidenceFile, p *indicators.Principal) ([]indicators.Evidence, error)
	ListEvidence(ctx context.Context, id int64) ([]indicators.Evidence, error)
	EvidenceOf(ctx context.Context, ids []int64) (map[int64][]indicators.Evidence, error)
	EvidenceOfZone(ctx context.Context, framework, zone string) (map[string]map[int][]indicators.Evidence, error)
	DownloadEvidence(ctx context.Context, sha string, p *indicators.Principal, open func(indicators.Evidence) (io.Writer, error)) error
}

// maxEvidence is the limit of one evidence file.
func (s *Server) maxEvidence() int64 {
	if s.MaxEvidence > 0 {
		return s.MaxEvidence
	}
	return indicators.DefaultMaxEvidence
}

// maxEvidenceBody bounds a whole request of evidence files: as many full
// files as one request may attach, and room for the form around them.
func (s *Server) maxEvidenceBody() int64 {
	return s.maxEvidence()*indicators.MaxEvidencePerRequest + 1<<20
}

// spooledFiles are the files of one request, copied to temporary files.
type spooledFiles []*indicators.SpooledEvidence

// remove deletes every temporary copy.
func (sp spooledFiles) remove() {
	for _, f := range sp {
		f.Remove()
	}
}

func (sp spooledFiles) files() []indicators.EvidenceFile {
	out := make([]indicators.EvidenceFile, len(sp))
	for i, f := range sp {
		out[i] = f.EvidenceFile
	}
	return out
}

// spoolPart copies one file part of a form to a temporary file, bounded
// by the evidence limit, and adds it to sp; a part without a file name (a
// file field left empty) is skipped.
func (s *Server) spoolPart(sp *spooledFiles, name string, r io.Reader) error {
	if name == "" {
		return nil
	}
	if len(*sp) >= indicators.MaxEvidencePerRequest {
		return indicators.Errorf(indicators.Invalid, "more than %d files were sent: at most %d may be attached at once",
			indicators.MaxEvidencePerRequest, indicators.MaxEvidencePerRequest)
	}
	f, err := indicators.SpoolEvidence(r, name, s.maxEvidence(), s.TempDir)
	if err != nil {
		return err
	}
	*sp = append(*sp, f)
	return nil
}

// evidenceUpload serves POST /api/v1/measurements/{id}/evidence: a
// multipart form whose fields "file" (one or several) are attached to the
// value. Each file is streamed to a temporary file, hashed and typed by
// content on the way; any refusal leaves nothing stored and no temporary
// file behind.
func (s *Server) evidenceUpload(c *gin.Context) {
	m, err := s.scopedMeasurement(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !strings.HasPrefix(c.ContentType(), "multipart/form-data") {
		s.fail(c, bad("send the files as a multipart form, each in a field \"file\""))
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.maxEvidenceBody())
	mr, err := c.Request.MultipartReader()
	if err != nil {
		s.fail(c, bad("the form cannot be read"))
		return
	}
	var sp spooledFiles
	defer func() { sp.remove() }()
	if _, err := s.evidenceParts(mr, &sp, nil); err != nil {
		s.fail(c, err)
		return
	}
	if len(sp) == 0 {
		s.fail(c, bad("no file was sent: send each file in a form field \"file\""))
		return
	}
	list, err := s.svc.AttachEvidence(c.Request.Context(), m.ID, sp.files(), principalOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, listOf(list))
}

// evidenceList serves GET /api/v1/measurements/{id}/evidence: the files
// attached to the value.
func (s *Server) evidenceList(c *gin.Context) {
	m, err := s.scopedMeasurement(c)
	if err == nil {
		var list []indicators.Evidence
		if list, err = s.svc.ListEvidence(c.Request.Context(), m.ID); err == nil {
			c.JSON(http.StatusOK, listOf(list))
			return
		}
	}
	s.fail(c, err)
}

// evidenceDownload serves GET /api/v1/evidence/{sha256}: the file, to
// whoever may read a value it is attached to, as an attachment of the
// type told from its content, which the browser is told not to second
// guess.
func (s *Server) evidenceDownload(c *gin.Context) {
	started := false
	err := s.svc.DownloadEvidence(c.Request.Context(), c.Param("sha256"), principalOf(c), func(e indicators.Evidence) (io.Writer, error) {
		h := c.Writer.Header()
		h.Set("Content-Type", e.ContentType)
		cd := mime.FormatMediaType("attachment", map[string]string{"filename": e.Name})
		if cd == "" {
			cd = "attachment"
		}
		h.Set("Content-Disposition", cd)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		h.Set("Cache-Control", "private, no-store")
		h.Set("Content-Length", strconv.FormatInt(e.Size, 10))
		c.Status(http.StatusOK)
		started = true
		return c.Writer, nil
	})
	switch {
	case err != nil && started:
		// The status is sent: the short body tells the client.
		s.log.Error("evidence download broke off", "sha256", c.Param("sha256"), "err", err)
		c.Abort()
	case err != nil:
		s.fail(c, err)
	}
}

// scopedMeasurement reads the value of the path's id and checks that it is
// of a zone in the caller's scope.
func (s *Server) scopedMeasurement(c *gin.Context) (indicators.Measurement, error) {
	id, err := idParam(c)
	if err != nil {
		return indicators.Measurement{}, err
	}
	m, err := s.svc.Measurement(c.Request.Context(), id)
	if err != nil {
		return m, err
	}
	return m, scope(c, m.ZoneCode)
}

// openImportZip reads an import zip sent as the body of the measurements
// import (Content-Type application/zip): it is copied to a temporary file,
// refused past the upload limit, and opened with its evidence (see
// indicators.OpenEvidenceZip). The returned close function removes every
// temporary file.
func (s *Server) openImportZip(c *gin.Context) (indicators.RowReader, []indicators.RowEvidence, func(), error) {
	limit := s.maxDataUpload()
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	f, err := os.CreateTemp(s.TempDir, "import-*.zip")
	if err != nil {
		return nil, nil, func() {}, err
	}
	drop := func() { _ = f.Close(); _ = os.Remove(f.Name()) }
	n, err := io.Copy(f, c.Request.Body)
	if err != nil {
		drop()
		return nil, nil, func() {}, err
	}
	rd, ev, closeZip, err := indicators.OpenImportZip(f, n, s.maxEvidence(), xlsxrows.For(limit, s.TempDir).Unzipped, s.TempDir)
	if err != nil {
		drop()
		return nil, nil, func() {}, err
	}
	return rd, ev, func() { closeZip(); drop() }, nil
}

// evidenceParts reads a multipart form of evidence to its end: each part
// named "file" is streamed to a capped temporary file in sp, and each part
// whose name is in small is kept in fields, at most 256 bytes of it.
// refused tells a file that was refused (too large, of a kind not taken)
// from a form that cannot be read.
func (s *Server) evidenceParts(mr *multipart.Reader, sp *spooledFiles, fields url.Values, small ...string) (refused bool, err error) {
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		if err != nil {
			return false, appErrorOr(err, bad("the form cannot be read"))
		}
		switch name := part.FormName(); {
		case name == "file":
			if err := s.spoolPart(sp, part.FileName(), part); err != nil {
				return true, err
			}
		case slices.Contains(small, name):
			v, err := io.ReadAll(io.LimitReader(part, 256))
			if err != nil {
				return false, appErrorOr(err, bad("the form cannot be read"))
			}
			fields.Set(name, string(v))
		}
	}
}
