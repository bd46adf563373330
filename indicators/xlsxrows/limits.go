package xlsxrows

import "igmc/indicators"

// Limits bound what opening one workbook may cost. A zip says how large
// each entry unzips to; archive/zip refuses an entry that unzips to more
// than it said, so the declared sizes are checked before anything is
// unzipped, and the entries are then read once, counting, before the
// spreadsheet library sees them.
type Limits struct {
	// Unzipped bounds all entries together, unzipped.
	Unzipped int64
	// Part bounds each entry other than the worksheets and the shared
	// strings (styles, theme, workbook…), which the library keeps in memory.
	Part int64
	// InMemory bounds the entries the library keeps in memory together:
	// every part, and worksheets and shared strings up to Spill.
	InMemory int64
	// Spill is the size over which the library streams a worksheet or the
	// shared strings from a temporary file instead of memory.
	Spill int64
	// Entries bounds the number of entries in the zip.
	Entries int
	// Rows bounds the rows of the worksheet read.
	Rows int
	// TempDir is where the library's temporary files go (in a folder of
	// their own, removed on Close or on a failed Open); "" is os.TempDir.
	TempDir string
}

// Defaults of the limits that do not follow the upload's size.
const (
	// UnzipFactor times the upload's limit is what a workbook may unzip
	// to, up to MaxUnzipped: XLSX compresses text about 5 to 10 times.
	UnzipFactor = 8
	MaxUnzipped = 2 << 30
	MaxPart     = 4 << 20
	MaxInMemory = 32 << 20
	SpillSize   = 1 << 20
	MaxEntries  = 10000
)

// For returns the limits of a workbook sent within an upload limit.
func For(upload int64, tempDir string) Limits {
	return Limits{
		Unzipped: max(min(upload*UnzipFactor, MaxUnzipped), MaxPart),
		Part:     MaxPart,
		InMemory: MaxInMemory,
		Spill:    SpillSize,
		Entries:  MaxEntries,
		Rows:     indicators.MaxSheetRows,
		TempDir:  tempDir,
	}
}
