package web

import (
	"encoding/json"
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"igmc/docs"
	"igmc/locale"
)

// apiOp is one operation of the API as the OpenAPI document and the
// /api/docs page show it, made from a row of the route table, its shape
// (apiShapes) and its line in docs/api.md.
type apiOp struct {
	Method, Path, Tag, ID string
	// Description is what the operation does, from docs/api.md;
	// DescriptionZh the same in Chinese, from docs/api.zh.md.
	Description, DescriptionZh string
	Perm                       Permission
	PathParams, Query, Need    []string
	// Body and Resp are the JSON schemas of the request and the answer
	// (nil: none); Upload is a file upload; Status the answer's status.
	Body   map[string]any
	Upload bool
	Status int
	// RespType is the answer's media type, Resp its schema when JSON.
	RespType string
	Resp     map[string]any
	// Also are the other answers in a shape of their own, by status.
	Also map[int]map[string]any
}

// apiModel is the API as the route table has it: the operations, by path
// and method, and the named schemas they refer to.
type apiModel struct {
	Ops     []apiOp
	Schemas map[string]map[string]any
	// Requests names the schemas of request bodies, whose required
	// fields are the ones a client must send.
	Requests map[string]bool
}

var ginParam = regexp.MustCompile(`[:*](\w+)`)

// apiModelOf builds the model of routes: every route under /api/.
func apiModelOf(routes []Route) apiModel {
	// The answers first, so that a request type named as an answer type
	// is told apart (NameInput) rather than the other way round.
	sc := newSchemas(false)
	sc.of(reflect.TypeFor[errorBody]()) // every operation's default answer
	for _, key := range slices.Sorted(maps.Keys(apiShapes)) {
		if resp := apiShapes[key].Resp; resp != nil {
			sc.of(reflect.TypeOf(resp))
		}
		for _, st := range slices.Sorted(maps.Keys(apiShapes[key].Also)) {
			sc.of(reflect.TypeOf(apiShapes[key].Also[st]))
		}
	}
	rq := newSchemas(true)
	rq.reserved = sc.named
	what, whatZh := apiDescriptions(docs.API), apiDescriptions(docs.APIZh)
	var ops []apiOp
	for _, r := range routes {
		if !strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		path := ginParam.ReplaceAllString(r.Path, "{$1}")
		shape := apiShapes[r.Method+" "+r.Path]
		op := apiOp{Method: r.Method, Path: path, Tag: apiTag(r.Path), Perm: r.Perm,
			Description: what[r.Method+" "+path], DescriptionZh: whatZh[r.Method+" "+path],
			ID: apiOperationID(r.Method, path), Query: shape.Query, Need: shape.Need, Upload: shape.Upload, Status: shape.Status}
		for _, m := range ginParam.FindAllStringSubmatch(r.Path, -1) {
			op.PathParams = append(op.PathParams, m[1])
		}
		if shape.Body != nil {
			op.Body = rq.of(reflect.TypeOf(shape.Body))
		}
		if op.Status == 0 {
			op.Status = http.StatusOK
		}
		op.RespType = apiMediaType(r.Path)
		switch {
		case op.Status == http.StatusNoContent:
			op.RespType = ""
		case shape.Resp != nil:
			op.Resp = sc.of(reflect.TypeOf(shape.Resp))
		case op.RespType == jsonType:
			op.Resp = map[string]any{"type": "object"}
		}
		for st, v := range shape.Also {
			if op.Also == nil {
				op.Also = map[int]map[string]any{}
			}
			op.Also[st] = sc.of(reflect.TypeOf(v))
		}
		ops = append(ops, op)
	}
	sort.SliceStable(ops, func(i, j int) bool {
		if ops[i].Tag != ops[j].Tag {
			return ops[i].Tag < ops[j].Tag
		}
		return ops[i].Path < ops[j].Path
	})
	requests := map[string]bool{}
	for name, schema := range rq.named {
		sc.named[name] = schema
		requests[name] = true
	}
	return apiModel{Ops: ops, Schemas: sc.named, Requests: requests}
}

const jsonType = "application/json"

// apiMediaType is what a route answers with, told by its path.
func apiMediaType(path string) string {
	switch {
	case path == "/api/docs":
		return "text/html"
	case strings.HasSuffix(path, ".csv"):
		return "text/csv"
	case strings.HasSuffix(path, ".xlsx"):
		return xlsxType
	case strings.HasSuffix(path, ".pdf"):
		return pdfType
	case strings.HasSuffix(path, ".zip"):
		return "application/zip"
	case strings.HasSuffix(path, ".xml"):
		return "application/xml"
	case strings.HasPrefix(path, "/api/v1/evidence/"):
		return "application/octet-stream"
	}
	return jsonType
}

// apiTag groups a route by the first part of its path after the version.
func apiTag(path string) string {
	rest, ok := strings.CutPrefix(path, "/api/v1/")
	if !ok {
		return "docs"
	}
	tag, _, _ := strings.Cut(rest, "/")
	tag, _, _ = strings.Cut(tag, ".")
	return tag
}

func apiOperationID(method, path string) string {
	return strings.ToLower(method) + strings.NewReplacer("/", "_", "{", "", "}", "", ".", "_", "-", "_").Replace(strings.TrimPrefix(path, "/api"))
}

var apiRow = regexp.MustCompile("(?m)^\\| (GET|HEAD|POST|PUT|DELETE|PATCH) \\| `([^`]+)` \\| \\w+ \\| (.*) \\|$")

// apiDescriptions reads what each route does from the route table of
// docs/api.md, or of docs/api.zh.md for the same in Chinese, by method and
// path. TestAPIDocsMatchRoutes keeps the English table in step with the
// route table, TestAPIDocsChineseMatchesEnglish the Chinese one with the
// English one.
func apiDescriptions(doc []byte) map[string]string {
	out := map[string]string{}
	for _, m := range apiRow.FindAllStringSubmatch(string(doc), -1) {
		out[m[1]+" "+m[2]] = strings.TrimSpace(m[3])
	}
	return out
}

// document is the OpenAPI 3.1 document of the model.
func (m apiModel) document(version string) map[string]any {
	paths := map[string]map[string]any{}
	for _, op := range m.Ops {
		if paths[op.Path] == nil {
			paths[op.Path] = map[string]any{}
		}
		paths[op.Path][strings.ToLower(op.Method)] = op.operation()
	}
	schemas := map[string]any{}
	for name, sc := range m.Schemas {
		schemas[name] = sc
	}
	if version == "" {
		version = "dev"
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "IGMC indicator tracker API", "version": version,
			"description": "Generated from the server's route table; each operation names the permission it needs in x-permission."},
		"servers": []any{map[string]any{"url": "/"}},
		"tags":    m.tags(),
		"paths":   paths,
		"components": map[string]any{
			"schemas": schemas,
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer",
					"description": "an API token from POST /api/v1/auth/token or POST /api/v1/tokens"},
			},
		},
	}
}

func (m apiModel) tags() []any {
	var out []any
	seen := map[string]bool{}
	for _, op := range m.Ops {
		if !seen[op.Tag] {
			seen[op.Tag] = true
			out = append(out, map[string]any{"name": op.Tag})
		}
	}
	return out
}

// operation is op as an OpenAPI operation object.
func (op apiOp) operation() map[string]any {
	o := map[string]any{"operationId": op.ID, "tags": []string{op.Tag}, "x-permission": string(op.Perm)}
	if op.Description != "" {
		o["description"] = op.Description
	}
	if op.DescriptionZh != "" {
		o["x-description-zh"] = op.DescriptionZh
	}
	if op.Perm == PermPublic {
		o["security"] = []any{}
	} else {
		o["security"] = []any{map[string]any{"bearer": []string{}}}
	}
	var params []any
	for _, p := range op.PathParams {
		params = append(params, map[string]any{"name": p, "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
	}
	for _, q := range op.Query {
		params = append(params, map[string]any{"name": q, "in": "query", "required": slices.Contains(op.Need, q), "schema": querySchema(q)})
	}
	if len(params) > 0 {
		o["parameters"] = params
	}
	switch {
	case op.Body != nil:
		o["requestBody"] = map[string]any{"required": true, "content": map[string]any{jsonType: map[string]any{"schema": op.Body}}}
	case op.Upload:
		file := map[string]any{"type": "string", "contentMediaType": "application/octet-stream"}
		o["requestBody"] = map[string]any{"required": true, "content": map[string]any{
			"text/csv": map[string]any{"schema": map[string]any{"type": "string"}},
			"multipart/form-data": map[string]any{"schema": map[string]any{"type": "object",
				"properties": map[string]any{"file": file}, "required": []string{"file"}}},
		}}
	}
	ok := map[string]any{"description": http.StatusText(op.Status)}
	if op.RespType != "" {
		media := map[string]any{}
		if op.Resp != nil {
			media["schema"] = op.Resp
		}
		ok["content"] = map[string]any{op.RespType: media}
	}
	responses := map[string]any{
		statusKey(op.Status): ok,
		"default": map[string]any{"description": "an error, in the error shape",
			"content": map[string]any{jsonType: map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/ErrorBody"}}}},
	}
	for st, schema := range op.Also {
		responses[statusKey(st)] = map[string]any{"description": http.StatusText(st),
			"content": map[string]any{jsonType: map[string]any{"schema": schema}}}
	}
	o["responses"] = responses
	return o
}

// querySchema is what a query parameter takes, by its name, which means
// the same on every route.
func querySchema(name string) map[string]any {
	switch name {
	case "year":
		return map[string]any{"type": "integer"}
	case "limit":
		return map[string]any{"type": "integer", "minimum": 1, "maximum": 1000}
	case "cursor":
		return map[string]any{"type": "string", "description": "the next of the previous page"}
	case "dry_run", "history", "bom":
		return map[string]any{"type": "boolean"}
	case "lang":
		return map[string]any{"type": "string", "enum": locale.Languages}
	}
	return map[string]any{"type": "string"}
}

func statusKey(status int) string { return strconv.Itoa(status) }

// apiDocs holds the document and its model, made once from the route
// table (it cannot change while the program runs).
type apiDocs struct {
	once  sync.Once
	model apiModel
	body  []byte
	err   error
}

func (s *Server) apiDocs() (*apiModel, []byte, error) {
	d := &s.openapi
	d.once.Do(func() {
		d.model = apiModelOf(s.Routes())
		d.body, d.err = json.MarshalIndent(d.model.document(s.Version), "", " ")
	})
	return &d.model, d.body, d.err
}

// openAPIDocument serves GET /api/openapi.json: the OpenAPI 3.1 document
// of every API route, generated from the route table.
func (s *Server) openAPIDocument(c *gin.Context) {
	_, body, err := s.apiDocs()
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "public, max-age=300")
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
}
