// Package docs carries the documents that travel with the program's
// output: the methodology is embedded so that every auditor's bundle
// explains the method of the version that made it.
package docs

import _ "embed"

// Methodology is docs/methodology.md as built into this version.
//
//go:embed methodology.md
var Methodology []byte

// API is docs/api.md: its route table gives each operation of the
// OpenAPI document its description.
//
//go:embed api.md
var API []byte

// APIZh is docs/api.zh.md: the same route table with each operation's
// description in Chinese, shown on the Chinese /api/docs page.
//
//go:embed api.zh.md
var APIZh []byte
