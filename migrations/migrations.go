// Package migrations holds the versioned SQL schema, one folder per engine
// with the same version numbers, embedded in the binary. Files are append-only:
// a released migration is never edited, a change is a new file.
package migrations

import "embed"

// FS holds postgres/*.sql and sqlite/*.sql, and sqlite_signin/*.sql: the
// schema of the SQLite file that keeps sessions and the sign-in counters apart
// from the main file.
//
//go:embed postgres/*.sql sqlite/*.sql sqlite_signin/*.sql
var FS embed.FS
