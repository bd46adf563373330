package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

// How every file leaves the server, so that a client can always tell a
// whole file from a cut-off one (docs/reports.md, "Checking a download"):
//
//   - a CSV file is streamed with the HTTP trailers X-IGMC-Rows (the records
//     after the header) and X-IGMC-SHA256 (the digest of the body), sent
//     after the last byte;
//   - a file made whole before sending (PDF, the scorecard and progress
//     workbooks) carries its Content-Length;
//   - a streamed zip (the bundle, the measurements workbook) ends with its
//     central directory, which a cut-off file lacks;
//   - whatever the format, an error after the first byte has gone out aborts
//     the connection, so the response never ends cleanly: the client sees
//     an incomplete chunked body (curl: "transfer closed with outstanding
//     read data remaining"), not a short file with a 200.
//
// An error before the first byte is answered as an error, like any other.

// The trailers of a CSV download.
const (
	TrailerRows   = "X-IGMC-Rows"
	TrailerSHA256 = "X-IGMC-SHA256"
)

// download is a response body being streamed: headers go out with the first
// byte, so an error before it can still be answered as an error.
type download struct {
	c     *gin.Context
	ctype string
	name  string
	csv   bool
	sum   hash.Hash
	// lines counts the line ends outside quoted fields; quoted tracks
	// whether the bytes so far end inside one.
	lines  int
	quoted bool
	sent   bool
}

func (d *download) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if !d.sent {
		d.sent = true
		attachment(d.c, d.ctype, d.name)
		if d.csv {
			d.c.Header("Trailer", TrailerRows+", "+TrailerSHA256)
		}
		d.c.Status(http.StatusOK)
	}
	if d.csv {
		d.sum.Write(p)
		d.count(p)
	}
	return d.c.Writer.Write(p)
}

// count adds the records that end in p. Our CSV writers quote a field
// whole, doubling quotes inside it, so a quote always toggles the state.
func (d *download) count(p []byte) {
	if !d.quoted && bytes.IndexByte(p, '"') < 0 {
		d.lines += bytes.Count(p, []byte{'\n'})
		return
	}
	for _, b := range p {
		switch {
		case b == '"':
			d.quoted = !d.quoted
		case b == '\n' && !d.quoted:
			d.lines++
		}
	}
}

// streamCSV answers with the CSV file write makes, named name, with its
// trailers.
func (s *Server) streamCSV(c *gin.Context, name string, write func(io.Writer) error) {
	s.stream(c, &download{c: c, ctype: "text/csv; charset=utf-8", name: name, csv: true, sum: sha256.New()}, write)
}

// streamZip answers with the zip file (a bundle, a workbook) write makes.
func (s *Server) streamZip(c *gin.Context, ctype, name string, write func(io.Writer) error) {
	s.stream(c, &download{c: c, ctype: ctype, name: name}, write)
}

func (s *Server) stream(c *gin.Context, d *download, write func(io.Writer) error) {
	err := write(d)
	switch {
	case err != nil && !d.sent && !c.Writer.Written():
		s.fail(c, err)
	case err != nil:
		s.log.Warn("download interrupted", "route", c.FullPath(), "file", d.name, "err", err)
		// The client must not take what it got for the whole file.
		panic(http.ErrAbortHandler)
	case !d.sent:
		// An empty file: the headers still go out.
		attachment(c, d.ctype, d.name)
		c.Status(http.StatusOK)
		c.Writer.WriteHeaderNow()
	case d.csv:
		h := c.Writer.Header()
		h.Set(TrailerRows, strconv.Itoa(max(d.lines-1, 0)))
		h.Set(TrailerSHA256, hex.EncodeToString(d.sum.Sum(nil)))
	}
}

// sendFile answers with a file made whole in memory, with its length.
func sendFile(c *gin.Context, ctype, name string, body []byte) {
	attachment(c, ctype, name)
	c.Header("Content-Length", strconv.Itoa(len(body)))
	c.Data(http.StatusOK, ctype, body)
}
