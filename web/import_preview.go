package web

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
	"igmc/reports"
)

// importMaxFile is the largest file the import page takes. The preview
// carries the file back to the browser for the confirmation (so no upload
// lives on in one server process), which keeps it modest; larger files go
// through the API or the command line.
const importMaxFile = 5 << 20

// importListMax is how many new values, changed values and bad rows the
// preview lists of each; the rest are counted ("and 12 more").
const importListMax = 100

var _ = registerFuncs(template.FuncMap{"exactNum": indicators.FormatNumber})

// importPreviewData is the data of the preview page.
type importPreviewData struct {
	Framework string
	Name      string
	Size      int
	Digest    string
	// Result counts what the import would do, and lists the first new and
	// changed values; nil when the file has errors.
	Result *indicators.ImportResult
	// MoreNew and MoreChanged count the values beyond those listed.
	MoreNew, MoreChanged int
	Errors               []importRowError
	// More counts the errors found beyond those listed.
	More    int
	Problem string
	// Code is the error code of a refusal, for machines reading the page.
	Code string
	// Payload is the file, base64url-encoded, for the confirmation form.
	Payload string
	// Confirmed is true when the page answers a confirmation that failed.
	Confirmed bool
	// Warned lists the rows the checks warn of, with the warnings'
	// sentences; MoreWarned counts those beyond the list.
	Warned     []importWarnedRow
	MoreWarned int
}

// importWarnedRow is one row of the file with the checks' warnings, said
// in the page's language.
type importWarnedRow struct {
	indicators.RowWarning
	Texts []string
}

// importRowError is one bad cell of the file: where, the value found
// there, and why it is refused, in the page's language.
type importRowError struct {
	Line          int
	Field, Reason string
	// Value is the cell as found, "" when the problem is not one cell's.
	Value string
	// Detail is the English detail of a file that cannot be read at all,
	// shown on English pages only.
	Detail string
}

// importPreview serves POST /import (multipart: csrf_token first, then
// framework and file): a dry run of the file, showing what it would add
// and change, or every bad row. A clean file gets a confirmation form that
// carries it back.
func (s *Server) importPreview(c *gin.Context) {
	fw, name, data, status, key := importUpload(c)
	if key != "" {
		d, err := s.importData(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		d.Problem = langOf(c).T(key, "MaxMB", importMaxFile>>20)
		s.renderView(c, status, "import", &View{Nav: "import", Data: d})
		return
	}
	s.importRun(c, fw, name, data, true, false)
}

// importConfirm serves POST /import/confirm (framework, name, file as
// base64url, sha256): imports the previewed file, all or nothing, its
// values entering as submitted as with the API; then back to /import with
// a summary.
func (s *Server) importConfirm(c *gin.Context) {
	fw, name := c.PostForm("framework"), c.PostForm("name")
	data, err := base64.RawURLEncoding.DecodeString(c.PostForm("file"))
	if err != nil || len(data) == 0 || len(data) > importMaxFile || fileDigest(data) != c.PostForm("sha256") {
		d, derr := s.importData(c)
		if derr != nil {
			s.fail(c, derr)
			return
		}
		d.Problem = langOf(c).T("import.err.tampered")
		s.renderView(c, http.StatusBadRequest, "import", &View{Nav: "import", Data: d})
		return
	}
	s.importRun(c, fw, name, data, false, c.PostForm("accept_warnings") == "true")
}

// importRun checks (dry) or imports the file and renders the outcome;
// accept confirms the rows with warnings and no explanation.
func (s *Server) importRun(c *gin.Context, fw, name string, data []byte, dry, accept bool) {
	l := langOf(c)
	d := &importPreviewData{Framework: fw, Name: name, Size: len(data), Digest: fileDigest(data), Confirmed: !dry}
	if !indicators.IsXLSX(data) && !utf8.Valid(data) {
		d.Problem = l.T("import.err.encoding")
		s.renderView(c, http.StatusUnprocessableEntity, "import_preview", &View{Nav: "import", Data: d})
		return
	}
	rd, done, err := s.fileRows(bytes.NewReader(data), importMaxFile)
	defer done()
	if err != nil {
		s.importFailed(c, d, err)
		return
	}
	res, err := s.svc.ImportMeasurements(c.Request.Context(), rd, indicators.ImportOptions{Framework: fw, DryRun: dry, By: principalOf(c), Preview: importListMax,
		AcceptWarnings: accept})
	if err != nil {
		s.importFailed(c, d, err)
		return
	}
	if !dry {
		q := url.Values{"done": {"1"}, "framework": {fw}, "rows": {strconv.Itoa(res.Rows)}, "new": {strconv.Itoa(res.New)},
			"changed": {strconv.Itoa(res.Changed)}, "unchanged": {strconv.Itoa(res.Unchanged)}, "skipped": {strconv.Itoa(res.Skipped)}}
		c.Redirect(http.StatusSeeOther, "/import?"+q.Encode())
		return
	}
	d.Result, d.Payload = &res, base64.RawURLEncoding.EncodeToString(data)
	if res.Preview != nil {
		d.MoreNew, d.MoreChanged = res.New-len(res.Preview.NewValues), res.Changed-len(res.Preview.ChangedValues)
	}
	if len(res.Warnings) > 0 {
		rules, err := s.svc.Rules(c.Request.Context(), fw)
		if err != nil {
			s.fail(c, err)
			return
		}
		for i, rw := range res.Warnings {
			if i == importListMax {
				break
			}
			row := importWarnedRow{RowWarning: rw}
			for _, w := range rw.Warnings {
				row.Texts = append(row.Texts, reports.WarningText(l, w, rules))
			}
			d.Warned = append(d.Warned, row)
		}
		d.MoreWarned = res.Warned - len(d.Warned)
	}
	s.renderView(c, http.StatusOK, "import_preview", &View{Nav: "import", Data: d})
}

// importFailed shows why a file cannot be imported: every bad row with its
// line, column and reason, and no confirmation.
func (s *Server) importFailed(c *gin.Context, d *importPreviewData, err error) {
	e := appError(err)
	if e == nil || e.Code == indicators.Internal {
		s.fail(c, err)
		return
	}
	l := langOf(c)
	d.Problem, d.Code = l.Error(err), string(e.Code)
	switch {
	case e.Code == indicators.Forbidden && len(e.Fields) > 0:
		d.Problem = l.T("import.err.forbidden")
	case e.Code == indicators.Invalid || e.Code == badRequest:
		d.Problem = l.T("import.err.rows")
		if len(e.Fields) == 0 {
			row := importRowError{Reason: l.T("import.err.unreadable")}
			if l.Code == "en" {
				row.Detail = e.Message
			}
			d.Errors = append(d.Errors, row)
		}
	}
	for i, fe := range e.Fields {
		if i == importListMax {
			break
		}
		d.Errors = append(d.Errors, importRowError{Line: fe.Line, Field: fe.Field, Reason: l.FieldError(fe), Value: fe.Args["value"]})
	}
	if total := max(e.Total, len(e.Fields)); total > len(d.Errors) && len(e.Fields) > 0 {
		d.More = total - len(d.Errors)
	}
	s.renderView(c, statusOf[e.Code], "import_preview", &View{Nav: "import", Data: d})
}

// importUpload reads the upload form: the framework and the file. On a
// problem it returns the status and the message key to show.
func importUpload(c *gin.Context) (fw, name string, data []byte, status int, key string) {
	if !strings.HasPrefix(c.ContentType(), "multipart/form-data") {
		return "", "", nil, http.StatusBadRequest, "import.err.form"
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, importMaxFile+64<<10)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return "", "", nil, http.StatusBadRequest, "import.err.form"
	}
	fw = indicators.IGMC.Code
	for {
		part, err := mr.NextPart()
		switch {
		case err == io.EOF:
			if len(data) == 0 {
				return fw, name, nil, http.StatusBadRequest, "import.err.no_file"
			}
			return fw, name, data, 0, ""
		case tooLarge(err):
			return fw, name, nil, http.StatusRequestEntityTooLarge, "import.err.too_large"
		case err != nil:
			return fw, name, nil, http.StatusBadRequest, "import.err.form"
		}
		switch part.FormName() {
		case "framework":
			b, _ := io.ReadAll(io.LimitReader(part, 128))
			if indicators.CheckText(string(b)) != nil {
				return fw, name, nil, http.StatusBadRequest, "import.err.form"
			}
			if v := strings.TrimSpace(string(b)); v != "" {
				fw = v
			}
		case "file":
			name = part.FileName()
			data, err = io.ReadAll(io.LimitReader(part, importMaxFile+1))
			if tooLarge(err) || len(data) > importMaxFile {
				return fw, name, nil, http.StatusRequestEntityTooLarge, "import.err.too_large"
			}
			if err != nil {
				return fw, name, nil, http.StatusBadRequest, "import.err.form"
			}
		}
	}
}
