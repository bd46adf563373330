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
	br := bufio.NewReaderSize(body, 64<<10)
	head, _ := br.Peek(4)
	if len(head) == 0 {
		return nil, done, bad("no file was sent: send it as the request body or as the form field \"file\"")
	}
	if indicators.IsXLSX(head) {
		x, err := xlsxrows.Open(br)
		if err != nil {
			return nil, done, err
		}
		closers = append(closers, func() { _ = x.Close() })
		return x, done, nil
	}
	return indicators.NewCSVRows(br), done, nil
}
