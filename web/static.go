package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// The pages' stylesheets and script are embedded and linked under a URL
// that names their content (/static/app.css?v=<hash>): a browser may keep
// such a file for a year without asking again, and a new build, whose
// files have new hashes, is fetched at once. The plain URL still answers,
// with a short lifetime, for links made elsewhere.

//go:embed static
var staticFS embed.FS

// Cache lifetimes of the static files.
const (
	staticImmutable = "public, max-age=31536000, immutable"
	staticShort     = "public, max-age=3600"
)

// staticHashes holds each static file's content hash, by name.
var staticHashes = hashStatic()

// hashStatic hashes every embedded static file: the first 16 hex digits of
// its SHA-256.
func hashStatic() map[string]string {
	out := map[string]string{}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(sum[:8])
		return nil
	})
	if err != nil {
		panic(err)
	}
	return out
}

// staticURL is the content-hashed URL of static file name, for the
// templates ({{static "app.css"}}); an unknown name fails the page, so a
// link to a missing file is found by the first test that renders it.
func staticURL(name string) (string, error) {
	h, ok := staticHashes[name]
	if !ok {
		return "", fmt.Errorf("web: no static file %q", name)
	}
	return "/static/" + name + "?v=" + h, nil
}

var _ = registerFuncs(template.FuncMap{"static": staticURL})

// static serves GET /static/*file from the embedded folder: for a year,
// immutable, when the URL carries the file's current hash, else for an
// hour.
func (s *Server) static() gin.HandlerFunc {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	h := http.StripPrefix("/static/", http.FileServer(http.FS(sub)))
	return func(c *gin.Context) {
		cache := staticShort
		if v := c.Query("v"); v != "" && v == staticHashes[strings.TrimPrefix(c.Param("file"), "/")] {
			cache = staticImmutable
		}
		c.Header("Cache-Control", cache)
		h.ServeHTTP(c.Writer, c.Request)
	}
}

// favicon serves GET /favicon.ico, which browsers ask for whatever the
// page links: a redirect to the leaf icon under its hashed URL.
func favicon(c *gin.Context) {
	u, _ := staticURL("favicon.svg")
	c.Redirect(http.StatusFound, u)
}
