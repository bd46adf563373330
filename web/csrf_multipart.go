package web

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"

	"github.com/gin-gonic/gin"
)

// csrfPeek is how much of a multipart body is read to find the token: the
// boundary, one part's headers and the token fit many times over.
const csrfPeek = 4 << 10

// multipartToken is the csrf_token of a multipart form when it is the
// form's first part, as the upload forms put it (a browser sends the
// fields in the order of the form). It reads at most csrfPeek bytes and
// puts them back in front of the rest of the body, so the handler still
// streams the whole upload and no token has to travel in the URL, where
// logs, history and Referer headers would keep it.
func multipartToken(c *gin.Context) string {
	_, params, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || params["boundary"] == "" || c.Request.Body == nil {
		return ""
	}
	body := c.Request.Body
	head := make([]byte, csrfPeek)
	n, _ := io.ReadFull(body, head)
	head = head[:n]
	c.Request.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), body), body}
	part, err := multipart.NewReader(bytes.NewReader(head), params["boundary"]).NextPart()
	if err != nil || part.FormName() != "csrf_token" {
		return ""
	}
	v, err := io.ReadAll(io.LimitReader(part, 256))
	if err != nil {
		// The part does not end within what was read: no token of ours.
		return ""
	}
	return string(v)
}
