package web

import (
	"bufio"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/indicators/xlsxrows"
)

// Upload limits: a catalogue or zones file is small; a measurements file
// can hold millions of rows (Server.MaxUpload, 1 GiB by default). What a
// workbook may unzip to follows from them (see xlsxrows.For).
const (
	maxSmallUpload = 16 << 20
	// DefaultMaxUpload is the domain's default limit of a measurements file.
	DefaultMaxUpload = indicators.DefaultMaxUpload
)

// maxDataUpload is the limit of a measurements file.
func (s *Server) maxDataUpload() int64 {
	if s.MaxUpload > 0 {
		return s.MaxUpload
	}
	return DefaultMaxUpload
}

// openUpload returns the uploaded file as rows: the multipart field "file"
// when the request is a form, else the raw body. CSV or XLSX is told by the
// content, not the name. A body over limit ends in an *http.MaxBytesError,
// which fail answers with 413. The returned close function must be called.
func (s *Server) openUpload(c *gin.Context, limit int64) (indicators.RowReader, func(), error) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	var body io.Reader = c.Request.Body
	if strings.HasPrefix(c.ContentType(), "multipart/form-data") {
		mr, err := c.Request.MultipartReader()
		if err != nil {
			return nil, func() {}, bad("the form cannot be read")
		}
		for {
			part, err := mr.NextPart()
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, func() {}, err
			}
			if err != nil {
				return nil, func() {}, bad("the form has no field \"file\"")
			}
			if part.FormName() == "file" {
				body = part
				break
			}
		}
	}
	rd, done, err := s.fileRows(body, limit)
	if errors.Is(err, errEmptyFile) {
		return nil, done, bad("no file was sent: send it as the request body or as the form field \"file\"")
	}
	return rd, done, err
}

// errEmptyFile is fileRows' answer to a file without a byte.
var errEmptyFile = errors.New("the file is empty")

// fileRows reads a file of at most limit bytes as rows: XLSX or CSV, told
// by the content, not the name. CSV is read as it comes; a workbook goes
// through xlsxrows, the one opener, with limits that follow limit and its
// temporary files in the server's temporary folder. The returned close
// function must be called; it removes every temporary file.
func (s *Server) fileRows(r io.Reader, limit int64) (indicators.RowReader, func(), error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(4)
	switch {
	case len(head) == 0 && err != nil && err != io.EOF:
		return nil, func() {}, err
	case len(head) == 0:
		return nil, func() {}, errEmptyFile
	case indicators.IsXLSX(head):
		x, err := xlsxrows.OpenReader(br, limit, xlsxrows.For(limit, s.TempDir))
		if err != nil {
			return nil, func() {}, err
		}
		return x, func() { _ = x.Close() }, nil
	}
	return indicators.NewCSVRows(br), func() {}, nil
}
