// Package migrations holds the versioned SQL schema, one folder per engine
// with the same version numbers, embedded in the binary. Files are append-only:
// a released migration is never edited, a change is a new file.
package migrations

import "embed"

// FS holds postgres/*.sql and sqlite/*.sql.
//
//go:embed postgres/*.sql sqlite/*.sql
var FS embed.FS
