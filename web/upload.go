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
// can hold millions of rows.
const (
	maxSmallUpload = 16 << 20
	maxDataUpload  = 1 << 30
)

// openUpload returns the uploaded file as rows: the multipart field "file"
// when the request is a form, else the raw body. CSV or XLSX is told by the
// content, not the name. The returned close function must be called.
func openUpload(c *gin.Context, limit int64) (indicators.RowReader, func(), error) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	var body io.Reader = c.Request.Body
	closers := []func(){}
	done := func() {
		for _, f := range closers {
			f()
		}
	}
	if strings.HasPrefix(c.ContentType(), "multipart/form-data") {
		mr, err := c.Request.MultipartReader()
		if err != nil {
			return nil, done, bad("the form cannot be read")
		}
		for {
			part, err := mr.NextPart()
			if err != nil {
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					return nil, done, bad("the file is larger than %d MiB", limit>>20)
				}
				return nil, done, bad("the form has no field \"file\"")
			}
			if part.FormName() == "file" {
				body = part
				break
			}
		}
	}
	rd, closeRows, err := fileRows(body)
	closers = append(closers, closeRows)
	if errors.Is(err, errEmptyFile) {
		return nil, done, bad("no file was sent: send it as the request body or as the form field \"file\"")
	}
	return rd, done, err
}

// errEmptyFile is fileRows' answer to a file without a byte.
var errEmptyFile = errors.New("the file is empty")

// fileRows reads a file as rows: XLSX or CSV, told by the content, not
// the name. The returned close function must be called.
func fileRows(r io.Reader) (indicators.RowReader, func(), error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(4)
	switch {
	case len(head) == 0:
		return nil, func() {}, errEmptyFile
	case indicators.IsXLSX(head):
		x, err := xlsxrows.Open(br)
		if err != nil {
			return nil, func() {}, err
		}
		return x, func() { _ = x.Close() }, nil
	}
	return indicators.NewCSVRows(br), func() {}, nil
}
