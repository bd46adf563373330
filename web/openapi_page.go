package web

import (
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"
)

// apiDocsData is the /api/docs page: the operations by tag and the named
// schemas, read from the same model as /api/openapi.json.
type apiDocsData struct {
	Groups  []apiGroup
	Schemas []apiSchemaView
}

type apiGroup struct {
	Tag string
	Ops []apiOpView
}

type apiOpView struct {
	apiOp
	Anchor string
	// Words is the description in the page's language with its `code`
	// spans told apart; WordsLang names its language when that is not the
	// page's (an operation not yet described in Chinese).
	Words          []apiWord
	WordsLang      string
	Params         []apiParamView
	BodyType, Resp apiTypeText
}

type apiWord struct {
	Text string
	Code bool
}

var mdLink = regexp.MustCompile(`\[([^\]]+)\]\([^)]+\)`)

// wordsOf splits markdown text at its backticks. A link keeps its text
// (its target is a document of docs/, not a page), as code when it names
// a file; a table's escaped bar is a bar.
func wordsOf(text string) []apiWord {
	var out []apiWord
	for i, part := range strings.Split(text, "`") {
		if i%2 == 1 {
			out = append(out, apiWord{Text: strings.ReplaceAll(part, `\|`, "|"), Code: true})
			continue
		}
		for part != "" {
			at := mdLink.FindStringSubmatchIndex(part)
			if at == nil {
				out = append(out, apiWord{Text: part})
				break
			}
			if at[0] > 0 {
				out = append(out, apiWord{Text: part[:at[0]]})
			}
			name := part[at[2]:at[3]]
			out = append(out, apiWord{Text: name, Code: strings.HasSuffix(name, ".md") || strings.Contains(name, ".md#")})
			part = part[at[1]:]
		}
	}
	return out
}

type apiParamView struct {
	Name, In string
	Required bool
}

type apiSchemaView struct {
	Name string
	// Request is a request body's schema: its required fields are the
	// ones to send, not the ones always answered.
	Request bool
	Fields  []apiFieldView
}

type apiFieldView struct {
	Name     string
	Type     apiTypeText
	Required bool
}

// apiTypeText is a schema in a few words, with the component it names
// (for a link) when it names one.
type apiTypeText struct{ Text, Ref string }

// typeText says what schema sc is: "string", "integer or null", "Zone",
// "array of Measurement".
func typeText(sc map[string]any) apiTypeText {
	if sc == nil {
		return apiTypeText{}
	}
	if ref, ok := sc["$ref"].(string); ok {
		name := ref[strings.LastIndexByte(ref, '/')+1:]
		return apiTypeText{Text: name, Ref: name}
	}
	if alts, ok := sc["anyOf"].([]any); ok && len(alts) > 0 {
		t := typeText(alts[0].(map[string]any))
		t.Text += " | null"
		return t
	}
	types := typesOf(sc)
	if len(types) == 0 {
		return apiTypeText{Text: "any"}
	}
	out := apiTypeText{Text: strings.Join(types, " | ")}
	if types[0] == "array" {
		item := typeText(sc["items"].(map[string]any))
		out.Text = "array of " + item.Text + strings.TrimPrefix(out.Text, "array")
		out.Ref = item.Ref
	}
	if f, ok := sc["format"].(string); ok {
		out.Text += " (" + f + ")"
	}
	if enum, ok := sc["enum"].([]string); ok {
		out.Text += ": " + strings.Join(enum, " | ")
	}
	return out
}

// apiDocsPage serves GET /api/docs: the OpenAPI document as a page, the
// operations grouped by tag with their parameters, bodies, answers and
// permissions, then the schemas.
func (s *Server) apiDocsPage(c *gin.Context) {
	m, _, err := s.apiDocs()
	if err != nil {
		s.fail(c, err)
		return
	}
	zh := langOf(c).Code == "zh"
	var d apiDocsData
	for _, op := range m.Ops {
		if n := len(d.Groups); n == 0 || d.Groups[n-1].Tag != op.Tag {
			d.Groups = append(d.Groups, apiGroup{Tag: op.Tag})
		}
		v := apiOpView{apiOp: op, Anchor: op.ID, Words: wordsOf(op.Description), BodyType: typeText(op.Body), Resp: typeText(op.Resp)}
		switch {
		case zh && op.DescriptionZh != "":
			v.Words = wordsOf(op.DescriptionZh)
		case zh:
			v.WordsLang = "en"
		}
		for _, p := range op.PathParams {
			v.Params = append(v.Params, apiParamView{Name: p, In: "path", Required: true})
		}
		for _, q := range op.Query {
			v.Params = append(v.Params, apiParamView{Name: q, In: "query", Required: slices.Contains(op.Need, q)})
		}
		g := &d.Groups[len(d.Groups)-1]
		g.Ops = append(g.Ops, v)
	}
	for name, sc := range m.Schemas {
		v := schemaView(name, sc)
		v.Request = m.Requests[name]
		d.Schemas = append(d.Schemas, v)
	}
	sort.Slice(d.Schemas, func(i, j int) bool { return d.Schemas[i].Name < d.Schemas[j].Name })
	s.render(c, http.StatusOK, "api_docs", "", d)
}

func schemaView(name string, sc map[string]any) apiSchemaView {
	v := apiSchemaView{Name: name}
	props, _ := sc["properties"].(map[string]any)
	required := map[string]bool{}
	if r, ok := sc["required"].([]string); ok {
		for _, f := range r {
			required[f] = true
		}
	}
	for f, p := range props {
		v.Fields = append(v.Fields, apiFieldView{Name: f, Type: typeText(p.(map[string]any)), Required: required[f]})
	}
	sort.Slice(v.Fields, func(i, j int) bool { return v.Fields[i].Name < v.Fields[j].Name })
	return v
}
