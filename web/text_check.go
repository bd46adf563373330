package web

import (
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// checkText refuses, before any handler runs, a request whose path, path
// parameters, query parameters or form fields are not storable text: a
// NUL byte or bytes that are not UTF-8. PostgreSQL would answer such text
// with an error and SQLite would store it, so both engines refuse it here,
// alike, with a 400 naming the parameter. JSON bodies are checked by
// bindJSON and file cells by the row readers' header.
// maxFormBody bounds a page's URL-encoded form (the entry form of a year
// with monthly indicators, a plan typed in a box); files come as multipart
// forms, bounded by their own limits.
const maxFormBody = 2 << 20

func (s *Server) checkText(c *gin.Context) {
	if err := requestTextError(c); err != nil {
		s.fail(c, err)
		return
	}
	c.Next()
}

func requestTextError(c *gin.Context) error {
	r := c.Request
	for _, p := range c.Params {
		if err := indicators.CheckText(p.Value); err != nil {
			return textError("the path parameter", p.Key, err)
		}
	}
	if err := indicators.CheckText(r.URL.Path); err != nil {
		return bad("the path is not valid text: %v", err)
	}
	if err := queryTextError(r.URL.RawQuery); err != nil {
		return err
	}
	// The pages take forms; the API reads its body as JSON or a file
	// whatever the content type says (curl -d sends JSON as a form), so
	// its body is left for the handler to read.
	if r.Method != "GET" && r.Method != "HEAD" && !strings.HasPrefix(r.URL.Path, "/api/") &&
		strings.HasPrefix(c.ContentType(), "application/x-www-form-urlencoded") {
		// A page's form is small; past maxFormBody it is refused (413)
		// here, for every page at once, instead of being cut to nothing by
		// ParseForm's own 10 MB cap and answered by each handler as empty.
		r.Body = http.MaxBytesReader(c.Writer, r.Body, maxFormBody)
		// ParseForm keeps what it read, so the handler's PostForm finds
		// the same values; a form it cannot read is the handler's to refuse.
		err := r.ParseForm()
		if tooLarge(err) {
			return err
		}
		if err == nil {
			return valuesTextError("the form field", r.PostForm)
		}
	}
	return nil
}

// queryTextError checks the query string's names and values. A query with
// no escapes that is valid text as a whole has only valid text in it (it is
// cut at ASCII bytes, and '+' becomes a space), so it is checked as it came,
// without being parsed; any other query is parsed, to name the parameter.
func queryTextError(raw string) error {
	if raw == "" || strings.IndexByte(raw, '%') < 0 && indicators.CheckText(raw) == nil {
		return nil
	}
	q, _ := url.ParseQuery(raw)
	return valuesTextError("the query parameter", q)
}

// valuesTextError checks every name and value of a query string or form,
// in name order so the answer does not depend on map order.
func valuesTextError(what string, v url.Values) error {
	names := make([]string, 0, len(v))
	for k := range v {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if err := indicators.CheckText(k); err != nil {
			return textError(what, "", err)
		}
		for _, s := range v[k] {
			if err := indicators.CheckText(s); err != nil {
				return textError(what, k, err)
			}
		}
	}
	return nil
}

// textError names the bad parameter or field; a bad name itself is
// described without being echoed.
func textError(what, name string, err error) error {
	if name == "" {
		return bad("the name of %s is not valid text: %v", what, err)
	}
	if len(name) > 64 {
		name = strings.ToValidUTF8(name[:64], "") + "…"
	}
	return &indicators.Error{Code: badRequest, Message: what + " " + name + " is not valid text: " + err.Error(),
		Fields: []indicators.FieldError{{Field: name, Code: "invalid_text", Message: name + " is not valid text: " + err.Error()}}, Total: 1}
}
